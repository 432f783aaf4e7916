import type { PushProgress } from '../../shared/contract'
import type { Database } from '../db'
import { pushCounts } from '../leads'
import type { Logger } from '../logger'

/** At most this often per connection while a push runs: the header's counts, not an event per edit. */
export const PUSH_PROGRESS_EVERY_MS = 250

/**
 * Tells the renderer how a connection's push goes (`push.progress`): pushed so far, still waiting,
 * refused. Counts come from the outbox itself, read at most every PUSH_PROGRESS_EVERY_MS, so edits
 * queued or retried meanwhile are in them. A connection with nothing to send says nothing.
 */
export function pushProgress(
  db: Database,
  connectionId: string,
  emit: (progress: PushProgress) => void,
  logger: Logger
): {
  start(): Promise<void>
  update(result: { delivered: number }): void
  finish(): Promise<void>
} {
  let active = false
  let pushed = 0
  let last = 0
  let inFlight: Promise<void> | null = null
  const send = async (done: boolean): Promise<void> => {
    try {
      const counts = await pushCounts(db, connectionId)
      if (!active && counts.waiting === 0 && counts.failed === 0 && pushed === 0) return
      active = true
      emit({ connectionId, pushed, ...counts, done })
    } catch (err) {
      // Counts are a view of the push, not part of it: a read that fails must not stop it.
      logger.warn(`push of ${connectionId}: its counts could not be read`, err)
    }
  }
  return {
    start: () => send(false),
    update(result) {
      pushed = result.delivered
      if (inFlight || Date.now() - last < PUSH_PROGRESS_EVERY_MS) return
      last = Date.now()
      inFlight = send(false).finally(() => (inFlight = null))
    },
    async finish() {
      await inFlight
      await send(true)
    }
  }
}
