import type { Handlers } from '../../shared/contract'
import type { AppContext } from '../app-context'

type DemoHandlers = Pick<Handlers, 'demo.start' | 'demo.remove' | 'demo.status'>

export function demoHandlers(ctx: AppContext): DemoHandlers {
  return {
    'demo.start': async () => ({ connections: await ctx.demo.start() }),
    'demo.remove': async () => ({ removed: await ctx.demo.remove() }),
    'demo.status': async () => ({ running: ctx.demo.baseUrl !== null, baseUrl: ctx.demo.baseUrl })
  }
}
