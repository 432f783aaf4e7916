import type { Handlers } from '../../shared/contract'
import type { AppContext } from '../app-context'

type SyncHandlers = Pick<Handlers, 'sync.run' | 'sync.cancel' | 'sync.status'>

export function syncHandlers(ctx: AppContext): SyncHandlers {
  return {
    'sync.run': async ({ connectionId }) => ({ started: await ctx.sync.run(connectionId) }),
    'sync.cancel': async ({ connectionId }) => ({ cancelled: ctx.sync.cancel(connectionId) }),
    'sync.status': () => ctx.sync.status()
  }
}
