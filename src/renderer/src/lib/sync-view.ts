import type { Connection, ConnectionState, MethodOutput, SyncProgress } from '../../../shared/contract'
import { isFinished, useLiveProgress } from './live-sync'
import { useActiveConnections, useSyncStatus } from './queries'

type SyncStatus = MethodOutput<'sync.status'>

export interface ConnectionSync {
  connection: Connection
  state: ConnectionState
  message: string | null
  /** The running sync's progress, or a just-finished one for a few seconds. */
  progress: SyncProgress | null
  pendingEdits: number
  /** Edits the platform refused for good: listed on the card with Retry and Discard. */
  failedEdits: number
  conflicts: number
  /** When Lead Manager tries again by itself after a failure that may pass. */
  nextRetryAt: string | null
}

export interface SyncView {
  online: boolean
  /** A full disk, a locked or read-only database, in words, while it lasts. */
  storage: SyncStatus['storage']
  connections: ConnectionSync[]
  byId: ReadonlyMap<string, ConnectionSync>
  syncing: ConnectionSync[]
  /** Everything with a progress bar to show: running, or finished moments ago. */
  withProgress: ConnectionSync[]
  needsToken: ConnectionSync[]
  /** Connections whose last sync failed (one that cannot be reached too), each with its reason. */
  failed: ConnectionSync[]
  lastSyncedAt: string | null
  isPending: boolean
}

/** One picture of sync for the header and the connections screen: saved state + live events. */
export function useSyncView(): SyncView {
  const { connections, isPending } = useActiveConnections()
  const status = useSyncStatus()
  const live = useLiveProgress()
  const statusById = new Map((status.data?.connections ?? []).map((s) => [s.connectionId, s]))

  const rows = connections.map((connection): ConnectionSync => {
    const saved = statusById.get(connection.id)
    const event = live.get(connection.id)
    let state = saved?.state ?? connection.state
    // A live event is newer than the last fetch of sync.status.
    if (event && !isFinished(event)) state = 'syncing'
    const progress = state === 'syncing' ? (event ?? saved?.progress ?? null) : (event ?? null)
    return {
      connection,
      state,
      message: saved?.message ?? connection.stateMessage,
      progress,
      pendingEdits: saved?.pendingEdits ?? 0,
      failedEdits: saved?.failedEdits ?? 0,
      conflicts: saved?.conflicts ?? 0,
      nextRetryAt: saved?.nextRetryAt ?? null
    }
  })
  const synced = connections.map((c) => c.lastSyncedAt).filter((t): t is string => t !== null)
  return {
    online: status.data?.online ?? true,
    storage: status.data?.storage ?? null,
    connections: rows,
    byId: new Map(rows.map((row) => [row.connection.id, row])),
    syncing: rows.filter((r) => r.state === 'syncing'),
    withProgress: rows.filter((r) => r.progress !== null),
    needsToken: rows.filter((r) => r.state === 'needs-token'),
    failed: rows.filter((r) => r.state === 'error' || r.state === 'offline'),
    lastSyncedAt: synced.sort().at(-1) ?? null,
    isPending
  }
}
