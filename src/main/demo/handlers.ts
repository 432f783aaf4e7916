import type { Handlers } from '../../shared/contract'
import type { DemoWorkspace } from './workspace'

type DemoHandlers = Pick<Handlers, 'demo.start' | 'demo.remove' | 'demo.status'>

export function demoHandlers({ demo }: { demo: DemoWorkspace }): DemoHandlers {
  return {
    'demo.start': async () => ({ connections: await demo.start() }),
    'demo.remove': async () => ({ removed: await demo.remove() }),
    'demo.status': async () => ({ running: demo.baseUrl !== null, baseUrl: demo.baseUrl })
  }
}
