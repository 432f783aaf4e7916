import { LIMITS, type LeadPatch, type LeadPatchField, type OutboxEntry } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Database, Tx } from '../db'
import type { NormalizedLead } from '../providers'
import { PATCH_COLUMNS, fieldOf, fieldOfNormalized, patchFields, sameValue, toSql, type LeadRow } from './columns'
import {
  ACTIVE_STATES,
  advanceBases,
  applyPatch,
  baseOf,
  conflictsOf,
  dropFields,
  fieldsOf,
  patchOf,
  type OutboxRow,
  type Patch
} from './outbox-rows'

export { ACTIVE_STATES, UNDELIVERED_STATES } from './outbox-rows'

const CHUNK = 500

/**
 * What the platform is known to hold for `field` before this edit: the remote value of a conflict
 * over it, else the base of the oldest open edit of it, else (no open edit of it) the lead's value.
 */
export function knownPlatformValue(entries: readonly OutboxRow[], field: LeadPatchField): { value: unknown } | null {
  const conflict = entries.findLast((e) => conflictsOf(e).some((c) => c.field === field))
  if (conflict) return { value: conflictsOf(conflict).find((c) => c.field === field)!.remote }
  const earlier = entries.find((e) => field in baseOf(e))
  return earlier ? { value: baseOf(earlier)[field] } : null
}

/**
 * Writes `patch` to every lead in `ids` and queues it for the platform, in the caller's
 * transaction: the edit is acknowledged only once both are committed. The new values supersede the
 * same fields in the lead's older open edits, and are merged only into an edit still waiting in the
 * queue and newer than any being sent.
 */
export async function recordEdit(
  tx: Tx,
  ids: readonly number[],
  patch: LeadPatch,
  now: string,
  op: 'update' | 'promote' = 'update'
): Promise<{ updated: number; queued: number; localOnly: number }> {
  const fields = patchFields(patch)
  let updated = 0
  let queued = 0
  let localOnly = 0
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK)
    const marks = chunk.map(() => '?').join(',')
    const leads = await tx.all<LeadRow & { platform: string }>(
      `SELECT l.*, c.platform FROM leads l JOIN connections c ON c.id = l.connection_id
       WHERE l.id IN (${marks}) AND c.archived = 0`,
      chunk
    )
    if (leads.length === 0) continue
    const open = await tx.all<OutboxRow>(
      `SELECT * FROM outbox WHERE lead_id IN (${leads.map(() => '?').join(',')}) AND state IN ${ACTIVE_STATES}
       ORDER BY id`,
      leads.map((l) => l.id)
    )
    const openByLead = new Map<number, OutboxRow[]>()
    for (const row of open) openByLead.set(row.lead_id, [...(openByLead.get(row.lead_id) ?? []), row])

    for (const lead of leads) {
      const entries = openByLead.get(lead.id) ?? []
      const base: Patch = {}
      for (const field of fields)
        base[field] = (knownPlatformValue(entries, field) ?? { value: fieldOf(lead, field) }).value
      const readOnly = lead.platform === 'chatzuri'
      // Never into an edit older than one being sent: that one goes out first, and the edit in
      // flight, retried after it, would put its older values back over the new ones.
      const inFlight = entries.findLast((e) => e.state === 'sending')?.id ?? 0
      const mergeInto = entries.findLast(
        (e) => e.state === (readOnly ? 'local-only' : 'pending') && e.op === op && e.id > inFlight
      )
      for (const older of entries) {
        if (older !== mergeInto && older.state !== 'sending') await dropFields(tx, older, fields, now)
      }
      if (mergeInto) {
        const mergedPatch = { ...patchOf(mergeInto), ...patch }
        const mergedBase = { ...base, ...baseOf(mergeInto) }
        await tx.run('UPDATE outbox SET patch_json = ?, base_json = ?, updated_at = ? WHERE id = ?', [
          JSON.stringify(mergedPatch),
          JSON.stringify(mergedBase),
          now,
          mergeInto.id
        ])
      } else {
        await tx.run(
          `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            lead.id,
            lead.connection_id,
            op,
            JSON.stringify(patch),
            JSON.stringify(base),
            readOnly ? 'local-only' : 'pending',
            now,
            now
          ]
        )
      }
      if (readOnly) localOnly++
      else queued++
    }
    const setters = fields.map((f) => `${PATCH_COLUMNS[f].column} = ?`)
    if (op === 'promote') setters.push("kind = 'lead'")
    const result = await tx.run(
      `UPDATE leads SET ${setters.join(', ')} WHERE id IN (${leads.map(() => '?').join(',')})`,
      [...fields.map((f) => toSql(f, patch[f])), ...leads.map((l) => l.id)]
    )
    updated += result.changes
  }
  return { updated, queued, localOnly }
}

/**
 * After a page of platform records was written: flag undelivered edits whose field the platform
 * changed since the edit (a conflict the user settles), retire edits the platform already shows
 * (a push whose reply was lost), and lay the remaining edits back over the fresh values.
 */
export async function reconcileLocalEdits(
  tx: Tx,
  connectionId: string,
  incoming: ReadonlyMap<string, NormalizedLead>
): Promise<void> {
  const any = await tx.get('SELECT 1 FROM outbox WHERE connection_id = ? AND state IN ' + ACTIVE_STATES + ' LIMIT 1', [
    connectionId
  ])
  if (!any) return
  const remoteIds = [...incoming.keys()]
  for (let start = 0; start < remoteIds.length; start += CHUNK) {
    const chunk = remoteIds.slice(start, start + CHUNK)
    const rows = await tx.all<OutboxRow & { remote_id: string }>(
      `SELECT o.*, l.remote_id FROM outbox o JOIN leads l ON l.id = o.lead_id
       WHERE o.connection_id = ? AND o.state IN ${ACTIVE_STATES} AND l.remote_id IN (${chunk.map(() => '?').join(',')})
       ORDER BY o.id`,
      [connectionId, ...chunk]
    )
    const overlays = new Map<number, Patch>()
    for (const row of rows) {
      const remote = incoming.get(row.remote_id)!
      const patch = patchOf(row)
      const base = baseOf(row)
      const fields = fieldsOf(patch)
      if (row.state === 'pending' || row.state === 'failed' || row.state === 'conflict') {
        if (fields.every((f) => sameValue(fieldOfNormalized(remote, f), patch[f]))) {
          const now = new Date().toISOString()
          await tx.run("UPDATE outbox SET state = 'delivered', delivered_at = ?, updated_at = ? WHERE id = ?", [
            now,
            now,
            row.id
          ])
          await advanceBases(tx, row.lead_id, row.id, patch)
          continue
        }
        const conflicts = fields
          .map((field) => ({ field, local: patch[field], base: base[field], remote: fieldOfNormalized(remote, field) }))
          .filter((c) => !sameValue(c.remote, c.base) && !sameValue(c.remote, c.local))
        if (conflicts.length > 0) {
          await tx.run("UPDATE outbox SET state = 'conflict', conflict_json = ?, updated_at = ? WHERE id = ?", [
            JSON.stringify(conflicts),
            new Date().toISOString(),
            row.id
          ])
        }
      }
      overlays.set(row.lead_id, { ...(overlays.get(row.lead_id) ?? {}), ...patch })
    }
    for (const [leadId, patch] of overlays) await applyPatch(tx, leadId, patch)
  }
}

function toEntry(row: OutboxRow & { lead_name: string | null }): OutboxEntry {
  return {
    id: row.id,
    leadId: row.lead_id,
    leadName: row.lead_name,
    connectionId: row.connection_id,
    state: row.state,
    patch: patchOf(row),
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    conflicts: row.conflict_json ? conflictsOf(row) : null
  }
}

/** The oldest active edits, at most 10,000 and cut short once they weigh LIMITS.replyBytes (the first always comes). */
export async function listOutbox(db: Database, connectionId?: string): Promise<OutboxEntry[]> {
  const rows = await db.all<OutboxRow & { lead_name: string | null }>(
    `WITH page AS (
       SELECT id, sum(octet_length(patch_json) + coalesce(octet_length(conflict_json), 0) + 512)
         OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS running,
         octet_length(patch_json) + coalesce(octet_length(conflict_json), 0) + 512 AS bytes
       FROM (SELECT * FROM outbox WHERE state IN ${ACTIVE_STATES} ${connectionId ? 'AND connection_id = ?' : ''}
             ORDER BY id LIMIT 10000)
     )
     SELECT o.*, coalesce(l.name, l.email, l.phone) AS lead_name FROM outbox o JOIN page ON page.id = o.id
       JOIN leads l ON l.id = o.lead_id
     WHERE page.running - page.bytes < ? ORDER BY o.id`,
    connectionId ? [connectionId, LIMITS.replyBytes] : [LIMITS.replyBytes]
  )
  return rows.map(toEntry)
}

/** One lead's active edits, oldest first (a lead has a handful at most: superseded fields merge). */
export async function listLeadEdits(db: Database, leadId: number): Promise<OutboxEntry[]> {
  const rows = await db.all<OutboxRow & { lead_name: string | null }>(
    `SELECT o.*, coalesce(l.name, l.email, l.phone) AS lead_name FROM outbox o JOIN leads l ON l.id = o.lead_id
     WHERE o.lead_id = ? AND o.state IN ${ACTIVE_STATES} ORDER BY o.id LIMIT 100`,
    [leadId]
  )
  return rows.map(toEntry)
}

/** Settles a conflict: "mine" pushes my value again, "theirs" takes the platform's value. */
export async function resolveConflict(
  tx: Tx,
  id: number,
  choices: Partial<Record<LeadPatchField, 'mine' | 'theirs'>>,
  now: string
): Promise<{ connectionId: string }> {
  const row = await tx.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [id])
  if (!row) throw new AppError('NOT_FOUND', `There is no queued edit with id ${id}.`)
  if (row.state !== 'conflict' || !row.conflict_json) throw new AppError('CONFLICT', `Edit ${id} is not in conflict.`)
  const conflicts = conflictsOf(row)
  const missing = conflicts.filter((c) => !choices[c.field]).map((c) => c.field)
  if (missing.length) throw new AppError('INVALID_INPUT', `Choose mine or theirs for: ${missing.join(', ')}.`)
  const patch = patchOf(row)
  const base = baseOf(row)
  const theirs: Patch = {}
  for (const conflict of conflicts) {
    if (choices[conflict.field] === 'mine') {
      base[conflict.field] = conflict.remote
    } else {
      delete patch[conflict.field]
      delete base[conflict.field]
      theirs[conflict.field] = conflict.remote
    }
  }
  const nothingLeft = Object.keys(patch).length === 0
  await tx.run(
    `UPDATE outbox SET patch_json = ?, base_json = ?, conflict_json = NULL, state = ?, last_error = ?,
       next_attempt_at = NULL, delivered_at = ?, updated_at = ? WHERE id = ?`,
    [
      JSON.stringify(patch),
      JSON.stringify(base),
      nothingLeft ? 'delivered' : 'pending',
      nothingLeft ? 'resolved: kept the platform values' : null,
      nothingLeft ? now : null,
      now,
      id
    ]
  )
  await applyPatch(tx, row.lead_id, theirs)
  return { connectionId: row.connection_id }
}
