import type { Handlers } from '../../shared/contract'
import type { EventBus } from '../events'
import type { BulkService } from './service'

/**
 * How long a bulk edit waits before it is pushed: the Undo right after it cancels it with nothing
 * sent, and a second bulk edit of the same leads merges into the same requests.
 */
export const BULK_PUSH_GRACE_MS = Number(process.env.LEADS_BULK_PUSH_GRACE_MS ?? 20_000)

type BulkHandlers = Pick<Handlers, 'bulk.preview' | 'bulk.apply' | 'bulk.cancel' | 'bulk.history' | 'bulk.undo'>

export function bulkHandlers({
  bulk,
  sync,
  events
}: {
  bulk: BulkService
  /** A committed bulk edit queued edits: they go out after the grace for its Undo. */
  sync: { pushLater(ms: number): void }
  events: Pick<EventBus, 'emit'>
}): BulkHandlers {
  const changed = (connectionIds: readonly string[]): void => {
    for (const connectionId of connectionIds) {
      events.emit('data.changed', { entity: 'leads', connectionId })
      events.emit('data.changed', { entity: 'outbox', connectionId })
    }
    events.emit('data.changed', { entity: 'bulk', connectionId: null })
  }

  return {
    'bulk.preview': ({ selection, action }) => bulk.preview(selection, action),
    'bulk.apply': async ({ jobId, selection, action }) => {
      const { connectionIds, ...result } = await bulk.apply(jobId, selection, action)
      changed(connectionIds)
      if (result.queued > 0) sync.pushLater(BULK_PUSH_GRACE_MS)
      return result
    },
    'bulk.cancel': async ({ jobId }) => ({ cancelled: bulk.cancel(jobId) }),
    'bulk.history': ({ limit }) => bulk.history(limit),
    'bulk.undo': async ({ id, force }) => {
      const { connectionIds, ...result } = await bulk.undo(id, force ?? false)
      changed(connectionIds)
      if (result.restored > 0) sync.pushLater(BULK_PUSH_GRACE_MS)
      return result
    }
  }
}
