import { AppError } from '../../shared/contract/errors'
import type { Database } from '../db'
import type { Logger } from '../logger'
import { claimNextEdit, countAttempt, countWaiting, markDelivered, markUndelivered, requeueSending } from '../leads'
import { ProviderError, PUSH, type Connector } from '../providers'
import { asProviderError, backoffMs, DEFAULT_RETRY, withRetry } from './retry'

export interface PushResult {
  delivered: number
  failed: number
  remaining: number
  /** What the platform could not take whole (e.g. notes cut to ChatBot.com's 1024 characters). */
  warnings: string[]
}

/**
 * Sends a connection's queued edits in the order they were made. Each edit is claimed ('sending')
 * in the same transaction that reads it, so an edit made meanwhile goes into a new row rather than
 * into the one in flight, and it is marked delivered only if it is still what was sent. A kill in
 * between leaves 'sending', which goes back to the queue (the writes are idempotent, and a pull
 * that already shows the value retires the edit without sending it again). Every request counts
 * as an attempt.
 */
export async function pushOutbox(
  db: Database,
  connectionId: string,
  connector: Connector,
  signal: AbortSignal,
  logger: Logger,
  /** After each edit settles (delivered or refused): the counts so far. */
  onProgress: (result: Readonly<PushResult>) => void = () => undefined
): Promise<PushResult> {
  const result: PushResult = { delivered: 0, failed: 0, remaining: 0, warnings: [] }
  if (connector.readOnly) return result
  await db.write((tx) => requeueSending(tx, connectionId, new Date().toISOString()))
  // Up to PUSH.concurrency edits in flight (never two of one lead: claimNextEdit skips a lead with
  // one being sent). The first failure that stops the push stops every worker.
  const stop = new AbortController()
  const onAbort = (): void => stop.abort(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  const failures: unknown[] = []
  const worker = async (): Promise<void> => {
    try {
      await pushEdits(db, connectionId, connector, stop.signal, logger, result, onProgress)
    } catch (err) {
      failures.push(err)
      stop.abort(err)
    }
  }
  try {
    await Promise.all(Array.from({ length: PUSH.concurrency }, worker))
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
  if (failures.length > 0) throw failures[0]
  result.remaining = await countWaiting(db, connectionId)
  return result
}

/** One worker: claims and sends edits until none is due, the push is stopped, or one fails for good. */
async function pushEdits(
  db: Database,
  connectionId: string,
  connector: Connector,
  signal: AbortSignal,
  logger: Logger,
  result: PushResult,
  onProgress: (result: Readonly<PushResult>) => void
): Promise<void> {
  while (!signal.aborted) {
    const edit = await db.write((tx) => claimNextEdit(tx, connectionId, new Date().toISOString()))
    if (!edit) break
    let outcome
    try {
      outcome = await withRetry(
        async (attempt) => {
          if (attempt > 0) await db.write((tx) => countAttempt(tx, edit.id, new Date().toISOString()))
          return connector.push({ remoteId: edit.remoteId, kind: edit.kind, raw: edit.raw }, edit.patch, signal)
        },
        signal,
        (error, attempt) => logger.warn(`push of edit ${edit.id}: ${error.kind}; retry ${attempt}`)
      )
    } catch (err) {
      if (err instanceof AppError && !signal.aborted) {
        // Not the platform's answer (the database could not count the attempt): the edit stays
        // 'sending' and goes back to the queue when the next push starts.
        throw err
      }
      const error = signal.aborted ? new ProviderError('network', 'cancelled') : asProviderError(err)
      const permanent = error.kind === 'bad-request' || error.kind === 'not-found'
      const wait = backoffMs(edit.attempts, DEFAULT_RETRY, error.retryAfterSeconds)
      await db.write((tx) =>
        markUndelivered(
          tx,
          edit,
          {
            state: permanent ? 'failed' : 'pending',
            error: error.message,
            retryAt: permanent ? null : new Date(Date.now() + wait).toISOString()
          },
          new Date().toISOString()
        )
      )
      if (permanent) {
        result.failed++
        onProgress(result)
        continue
      }
      // Unauthorized, offline or still failing after retries: stop and let the caller decide.
      throw error
    }
    const warning = outcome.kind === 'delivered' ? (outcome.warning ?? null) : null
    if (warning) result.warnings.push(warning)
    if (await db.write((tx) => markDelivered(tx, edit, warning, new Date().toISOString()))) result.delivered++
    else logger.warn(`edit ${edit.id} changed while it was sent; it was not marked delivered`)
    onProgress(result)
  }
}
