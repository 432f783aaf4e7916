import type { Handlers } from '../../shared/contract'
import type { EventBus } from '../events'
import type { BulkService } from './service'

type BulkHandlers = Pick<Handlers, 'bulk.preview' | 'bulk.apply' | 'bulk.cancel' | 'bulk.history' | 'bulk.undo'>

export function bulkHandlers({
  bulk,
  sync,
  events
}: {
  bulk: BulkService
  /** A committed bulk edit queued edits: they go out at the next push. */
  sync: { pushSoon(): void }
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
      if (result.queued > 0) sync.pushSoon()
      return result
    },
    'bulk.cancel': async ({ jobId }) => ({ cancelled: bulk.cancel(jobId) }),
    'bulk.history': ({ limit }) => bulk.history(limit),
    'bulk.undo': async ({ id, force }) => {
      const { connectionIds, ...result } = await bulk.undo(id, force ?? false)
      changed(connectionIds)
      if (result.restored > 0) sync.pushSoon()
      return result
    }
  }
}
