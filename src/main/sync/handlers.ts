import type { Handlers } from '../../shared/contract'
import type { SyncService } from './service'

type SyncHandlers = Pick<Handlers, 'sync.run' | 'sync.cancel' | 'sync.status'>

export function syncHandlers({ sync }: { sync: SyncService }): SyncHandlers {
  return {
    'sync.run': async ({ connectionId }) => ({ started: await sync.run(connectionId) }),
    'sync.cancel': async ({ connectionId }) => ({ cancelled: sync.cancel(connectionId) }),
    'sync.status': () => sync.status()
  }
}
