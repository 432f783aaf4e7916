import type { LeadPatch } from '../../shared/contract'
import type { Database } from '../db/database'
import type { Logger } from '../logger'
import { ProviderError, type Connector } from '../providers/connector'
import { asProviderError, backoffMs, DEFAULT_RETRY, withRetry } from './retry'

interface DueEntry {
  id: number
  lead_id: number
  patch_json: string
  attempts: number
  remote_id: string
  kind: 'lead' | 'chat'
  raw_json: string
}

export interface PushResult {
  delivered: number
  failed: number
  remaining: number
  /** What the platform could not take whole (e.g. notes cut to ChatBot.com's 1024 characters). */
  warnings: string[]
}

/**
 * Sends a connection's queued edits in the order they were made. An edit is marked 'sending'
 * before the request and 'delivered' after the reply; a kill in between leaves 'sending', which
 * the next start turns back into 'pending' (the writes are idempotent, and a pull that already
 * shows the value retires the edit without sending it again).
 */
export async function pushOutbox(
  db: Database,
  connectionId: string,
  connector: Connector,
  signal: AbortSignal,
  logger: Logger
): Promise<PushResult> {
  const result: PushResult = { delivered: 0, failed: 0, remaining: 0, warnings: [] }
  if (connector.readOnly) return result
  for (;;) {
    const now = new Date().toISOString()
    // A lead an import made is not on the platform until pushed (csv/import/push.ts), which
    // sends it whole, edits included: until then its edits wait here.
    const entry = await db.get<DueEntry>(
      `SELECT o.id, o.lead_id, o.patch_json, o.attempts, l.remote_id, l.kind, l.raw_json
       FROM outbox o JOIN leads l ON l.id = o.lead_id
       WHERE o.connection_id = ? AND o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
         AND l.import_state IS NOT 'local' AND l.import_state IS NOT 'pushing'
       ORDER BY o.id LIMIT 1`,
      [connectionId, now]
    )
    if (!entry || signal.aborted) break
    await db.write((tx) =>
      tx.run("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?", [
        now,
        entry.id
      ])
    )
    try {
      const patch = JSON.parse(entry.patch_json) as LeadPatch
      const outcome = await withRetry(
        () =>
          connector.push(
            { remoteId: entry.remote_id, kind: entry.kind, raw: JSON.parse(entry.raw_json) },
            patch,
            signal
          ),
        signal,
        (error, attempt) => logger.warn(`push of edit ${entry.id}: ${error.kind}; retry ${attempt}`)
      )
      const warning = outcome.kind === 'delivered' ? (outcome.warning ?? null) : null
      if (warning) result.warnings.push(warning)
      await db.write((tx) =>
        tx.run("UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = ?, updated_at = ? WHERE id = ?", [
          new Date().toISOString(),
          warning,
          new Date().toISOString(),
          entry.id
        ])
      )
      result.delivered++
    } catch (err) {
      const error = signal.aborted ? new ProviderError('network', 'cancelled') : asProviderError(err)
      const permanent = error.kind === 'bad-request' || error.kind === 'not-found'
      const retryAt = new Date(
        Date.now() + backoffMs(entry.attempts, DEFAULT_RETRY, error.retryAfterSeconds)
      ).toISOString()
      await db.write((tx) =>
        tx.run('UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?', [
          permanent ? 'failed' : 'pending',
          `${error.message}`.slice(0, 500),
          permanent ? null : retryAt,
          new Date().toISOString(),
          entry.id
        ])
      )
      if (permanent) {
        result.failed++
        continue
      }
      // Unauthorized, offline or still failing after retries: stop and let the caller decide.
      throw error
    }
  }
  const left = await db.get<{ n: number }>(
    "SELECT count(*) AS n FROM outbox WHERE connection_id = ? AND state = 'pending'",
    [connectionId]
  )
  result.remaining = left?.n ?? 0
  return result
}
