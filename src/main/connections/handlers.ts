import type { Handlers } from '../../shared/contract'
import type { ConnectionService } from './service'

type ConnectionHandlers = Pick<
  Handlers,
  'connections.list' | 'connections.create' | 'connections.update' | 'connections.test' | 'connections.remove'
>

export function connectionHandlers({
  connections,
  sync
}: {
  connections: ConnectionService
  /** The sync service: a connection's sync is stopped before it is removed. */
  sync: { forget(connectionId: string): Promise<void> }
}): ConnectionHandlers {
  return {
    'connections.list': () => connections.list(),
    'connections.create': (draft) => connections.create(draft),
    'connections.update': (edit) => connections.update(edit),
    'connections.test': (input) => connections.test(input),
    'connections.remove': async ({ id, deleteData }) => {
      await connections.require(id)
      // Its sync stops before its token and rows go.
      await sync.forget(id)
      await connections.remove(id, deleteData)
      return { ok: true as const }
    }
  }
}
