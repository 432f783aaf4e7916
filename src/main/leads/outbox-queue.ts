import type { LeadPatch } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Database, Tx } from '../db'
import { sameValue } from './columns'
import {
  advanceBases,
  applyPatch,
  baseOf,
  conflictsOf,
  dropSupersededFields,
  fieldsOf,
  openRowsOf,
  patchOf,
  type OutboxRow,
  type Patch
} from './outbox-rows'

/** An edit taken off the queue to be sent: exactly the patch that will be marked delivered. */
export interface ClaimedEdit {
  id: number
  leadId: number
  patchJson: string
  patch: LeadPatch
  attempts: number
  remoteId: string
  kind: 'lead' | 'chat'
  raw: unknown
}

/**
 * Takes the next due edit of a connection off the queue: reads it and marks it 'sending' in the
 * caller's write transaction, so no edit can be merged into it between the read and the send.
 * The first attempt is counted here. A lead with an edit being sent waits, so its edits go out in order.
 * A lead a CSV import made is not on the platform until the import pushes it (csv/import/push.ts),
 * whole, edits included: until then its edits wait.
 */
export async function claimNextEdit(tx: Tx, connectionId: string, now: string): Promise<ClaimedEdit | null> {
  for (;;) {
    const row = await nextDue(tx, connectionId, now)
    if (!row) return null
    if (!alreadyOnPlatform(row)) return claim(tx, row, now)
    // Every value is what the platform is known to hold (an edit undone, or set back by hand,
    // before it was sent): there is nothing to send.
    await tx.run(
      "UPDATE outbox SET state = 'superseded', last_error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?",
      ['nothing to send: the platform already holds these values', now, row.id]
    )
  }
}

type DueRow = OutboxRow & { remote_id: string; kind: 'lead' | 'chat'; raw_json: string }

function nextDue(tx: Tx, connectionId: string, now: string): Promise<DueRow | undefined> {
  return tx.get<DueRow>(
    `SELECT o.*, l.remote_id, l.kind, l.raw_json FROM outbox o JOIN leads l ON l.id = o.lead_id
     WHERE o.connection_id = ? AND o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
       AND l.import_state IS NOT 'local' AND l.import_state IS NOT 'pushing'
       AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.lead_id = o.lead_id AND s.state = 'sending')
     ORDER BY o.id LIMIT 1`,
    [connectionId, now]
  )
}

function alreadyOnPlatform(row: OutboxRow): boolean {
  if (row.op !== 'update') return false
  const patch = patchOf(row)
  const base = baseOf(row)
  return fieldsOf(patch).every((field) => field in base && sameValue(patch[field], base[field]))
}

async function claim(tx: Tx, row: DueRow, now: string): Promise<ClaimedEdit> {
  await tx.run("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?", [
    now,
    row.id
  ])
  return {
    id: row.id,
    leadId: row.lead_id,
    patchJson: row.patch_json,
    // Queued as a LeadPatch (checked at the boundary), or by an undo as values read back from the
    // lead: the connector sends them as they were stored.
    patch: patchOf(row) as LeadPatch,
    attempts: row.attempts + 1,
    remoteId: row.remote_id,
    kind: row.kind,
    raw: JSON.parse(row.raw_json) as unknown
  }
}

export interface OutboxCounts {
  /** Waiting to be sent, being sent, or refused and kept (failed edits still count as not delivered). */
  pending: number
  conflicts: number
  failed: number
}

/** Undelivered edits per connection, for the sync status. */
export async function outboxCounts(db: Database): Promise<Map<string, OutboxCounts>> {
  const rows = await db.all<OutboxCounts & { connection_id: string }>(
    `SELECT connection_id, sum(state IN ('pending', 'sending', 'failed')) AS pending,
       sum(state = 'conflict') AS conflicts, sum(state = 'failed') AS failed
     FROM outbox WHERE state IN ('pending', 'sending', 'failed', 'conflict') GROUP BY connection_id`
  )
  return new Map(rows.map(({ connection_id, ...counts }) => [connection_id, counts]))
}

/** One connection's edits waiting (being sent included) and refused for good, for the push's progress. */
export async function pushCounts(db: Database, connectionId: string): Promise<{ waiting: number; failed: number }> {
  const row = await db.get<{ waiting: number | null; failed: number | null }>(
    `SELECT sum(state IN ('pending', 'sending')) AS waiting, sum(state = 'failed') AS failed
     FROM outbox WHERE connection_id = ? AND state IN ('pending', 'sending', 'failed')`,
    [connectionId]
  )
  return { waiting: row?.waiting ?? 0, failed: row?.failed ?? 0 }
}

/** Connections with edits to send. */
export async function connectionsWithEditsToSend(db: Database): Promise<Set<string>> {
  const rows = await db.all<{ connection_id: string }>(
    "SELECT DISTINCT connection_id FROM outbox WHERE state IN ('pending', 'sending')"
  )
  return new Set(rows.map((r) => r.connection_id))
}

/** Edits of a connection waiting in the queue. */
export async function countWaiting(db: Database, connectionId: string): Promise<number> {
  const row = await db.get<{ n: number }>(
    "SELECT count(*) AS n FROM outbox WHERE connection_id = ? AND state = 'pending'",
    [connectionId]
  )
  return row?.n ?? 0
}

/** One more request is about to be made for a claimed edit (a retry). */
export async function countAttempt(tx: Tx, id: number, now: string): Promise<void> {
  await tx.run('UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE id = ?', [now, id])
}

/**
 * The platform took the claimed edit: it is delivered, if it is still the edit that was sent
 * (compare-and-set on its state and patch). Newer edits of its fields now start from its values.
 */
export async function markDelivered(tx: Tx, edit: ClaimedEdit, warning: string | null, now: string): Promise<boolean> {
  const result = await tx.run(
    `UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = ?, next_attempt_at = NULL, updated_at = ?
     WHERE id = ? AND state = 'sending' AND patch_json = ?`,
    [now, warning, now, edit.id, edit.patchJson]
  )
  if (result.changes === 0) return false
  await advanceBases(tx, edit.leadId, edit.id, edit.patch)
  return true
}

/**
 * The claimed edit was not delivered: it failed for good, or waits until `retryAt`. Fields a newer
 * edit of the lead holds are dropped from it, so it can never send an older value over them.
 */
export async function markUndelivered(
  tx: Tx,
  edit: ClaimedEdit,
  outcome: { state: 'failed' | 'pending'; error: string; retryAt: string | null },
  now: string
): Promise<void> {
  const result = await tx.run(
    `UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ?
     WHERE id = ? AND state = 'sending'`,
    [outcome.state, outcome.error.slice(0, 500), outcome.retryAt, now, edit.id]
  )
  if (result.changes === 0) return
  const row = await tx.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [edit.id])
  if (row) await dropSupersededFields(tx, row, now)
}

/**
 * Edits left 'sending' by a push that could not finish (killed, or its database write failed) go
 * back to the queue: they are sent again (the writes are idempotent) unless a pull shows them.
 */
export async function requeueSending(tx: Tx, connectionId: string | null, now: string): Promise<void> {
  const rows = await tx.all<OutboxRow>(
    `SELECT * FROM outbox WHERE state = 'sending' ${connectionId ? 'AND connection_id = ?' : ''} ORDER BY id`,
    connectionId ? [connectionId] : []
  )
  for (const row of rows) {
    await tx.run("UPDATE outbox SET state = 'pending', updated_at = ? WHERE id = ?", [now, row.id])
    await dropSupersededFields(tx, { ...row, state: 'pending' }, now)
  }
}

async function rowsFor(tx: Tx, ids: readonly number[]): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = []
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500)
    rows.push(
      ...(await tx.all<OutboxRow>(`SELECT * FROM outbox WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk))
    )
  }
  const found = new Set(rows.map((r) => r.id))
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length > 0) {
    throw new AppError('NOT_FOUND', `There is no queued edit with id ${missing.slice(0, 5).join(', ')}.`)
  }
  return rows
}

/** The user asks to send waiting or failed edits now. */
export async function retryEdits(
  tx: Tx,
  ids: readonly number[],
  now: string
): Promise<{ retried: number; connectionIds: string[] }> {
  const rows = await rowsFor(tx, [...new Set(ids)])
  const refused = rows.filter((r) => r.state !== 'pending' && r.state !== 'failed')
  if (refused.length > 0) {
    const [first] = refused
    const why =
      first!.state === 'conflict'
        ? 'is in conflict: choose mine or theirs first'
        : first!.state === 'sending'
          ? 'is being sent right now'
          : first!.state === 'local-only'
            ? 'stays in Lead Manager (the platform is read-only)'
            : 'is no longer waiting'
    throw new AppError('CONFLICT', `Edit ${first!.id} ${why}.`)
  }
  for (const row of rows) {
    await tx.run("UPDATE outbox SET state = 'pending', next_attempt_at = NULL, updated_at = ? WHERE id = ?", [
      now,
      row.id
    ])
  }
  return { retried: rows.length, connectionIds: [...new Set(rows.map((r) => r.connection_id))] }
}

/**
 * The user drops edits that were not delivered. Each field goes back to what the platform holds
 * (as far as the last pull and delivery tell), unless a newer open edit of the lead sets it.
 */
export async function discardEdits(
  tx: Tx,
  ids: readonly number[],
  now: string
): Promise<{ discarded: number; connectionIds: string[] }> {
  const rows = await rowsFor(tx, [...new Set(ids)])
  const sending = rows.find((r) => r.state === 'sending')
  if (sending) throw new AppError('CONFLICT', `Edit ${sending.id} is being sent right now; try again in a moment.`)
  const closed = rows.find((r) => !['pending', 'failed', 'conflict', 'local-only'].includes(r.state))
  if (closed) throw new AppError('NOT_FOUND', `There is no queued edit with id ${closed.id}.`)
  for (const row of rows.sort((a, b) => b.id - a.id)) {
    await tx.run("UPDATE outbox SET state = 'discarded', next_attempt_at = NULL, updated_at = ? WHERE id = ?", [
      now,
      row.id
    ])
    const others = await openRowsOf(tx, row.lead_id)
    const patch = patchOf(row)
    const base = baseOf(row)
    const conflicts = conflictsOf(row)
    const restore: Patch = {}
    for (const field of fieldsOf(patch)) {
      if (others.some((o) => o.id > row.id && field in patchOf(o))) continue
      const inFlight = others.find((o) => o.state === 'sending' && field in patchOf(o))
      const conflict = conflicts.find((c) => c.field === field)
      restore[field] = inFlight ? patchOf(inFlight)[field] : conflict ? conflict.remote : base[field]
    }
    await applyPatch(tx, row.lead_id, restore)
    if (row.op === 'promote' && !others.some((o) => o.op === 'promote')) {
      await tx.run("UPDATE leads SET kind = 'chat' WHERE id = ?", [row.lead_id])
    }
  }
  return { discarded: rows.length, connectionIds: [...new Set(rows.map((r) => r.connection_id))] }
}
