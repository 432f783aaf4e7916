import type { LeadPatchField, OutboxEntry } from '../../shared/contract'
import type { SqlValue, Tx } from '../db'
import { PATCH_COLUMNS, toSql } from './columns'
import { isLeadPatchField, readJson, storedConflicts, storedPatch } from './stored-json'

/*
 * The outbox's rows and the rules every change to them keeps:
 * - the patch of a row being sent ('sending') is never changed: what is marked delivered is what was sent;
 * - apart from that row, at most one open row of a lead holds a given field: a newer edit of a
 *   field takes it out of older open rows ("supersedes" it), so no older value can come back;
 * - `base` holds, per field, the value the platform is known to have: set from the lead when the
 *   edit is made, moved forward when an older edit of the field is delivered or a pull shows it.
 */

/** Edits the user still sees on the lead: everything not yet delivered. */
export const ACTIVE_STATES = "('pending', 'sending', 'conflict', 'local-only', 'failed')"
/** Edits still waiting for the platform (counted as "pending edits" in the UI). */
export const UNDELIVERED_STATES = "('pending', 'sending', 'conflict', 'failed')"

export type Patch = Partial<Record<LeadPatchField, unknown>>
export type Conflict = NonNullable<OutboxEntry['conflicts']>[number]

export interface OutboxRow {
  id: number
  lead_id: number
  connection_id: string
  op: 'update' | 'promote'
  patch_json: string
  base_json: string
  state: OutboxEntry['state']
  conflict_json: string | null
  attempts: number
  next_attempt_at: string | null
  last_error: string | null
  created_at: string
}

export function patchOf(row: Pick<OutboxRow, 'patch_json'>): Patch {
  return readJson(storedPatch, row.patch_json)
}

export function baseOf(row: Pick<OutboxRow, 'base_json'>): Patch {
  return readJson(storedPatch, row.base_json)
}

export function conflictsOf(row: Pick<OutboxRow, 'conflict_json'>): Conflict[] {
  return row.conflict_json ? readJson(storedConflicts, row.conflict_json) : []
}

export function fieldsOf(patch: Patch): LeadPatchField[] {
  return Object.keys(patch).filter(isLeadPatchField)
}

/** Writes field values onto the lead row (the values the user sees). */
export async function applyPatch(tx: Tx, leadId: number, patch: Patch): Promise<void> {
  const fields = fieldsOf(patch)
  if (fields.length === 0) return
  await tx.run(`UPDATE leads SET ${fields.map((f) => `${PATCH_COLUMNS[f].column} = ?`).join(', ')} WHERE id = ?`, [
    ...fields.map((f): SqlValue => toSql(f, patch[f])),
    leadId
  ])
}

/**
 * Takes `fields` out of `row`: its patch, base and conflicts. A row left with nothing is superseded;
 * a conflict left without conflicting fields is pending again (its other fields still have to go).
 */
export async function dropFields(
  tx: Tx,
  row: OutboxRow,
  fields: readonly LeadPatchField[],
  now: string
): Promise<void> {
  const patch = patchOf(row)
  const dropped = fields.filter((f) => f in patch)
  if (dropped.length === 0) return
  const base = baseOf(row)
  for (const field of dropped) {
    delete patch[field]
    delete base[field]
  }
  const conflicts = conflictsOf(row).filter((c) => !dropped.includes(c.field))
  let state = row.state
  if (fieldsOf(patch).length === 0) state = 'superseded'
  else if (state === 'conflict' && conflicts.length === 0) state = 'pending'
  await tx.run(
    `UPDATE outbox SET patch_json = ?, base_json = ?, conflict_json = ?, state = ?, next_attempt_at = ?,
       updated_at = ? WHERE id = ?`,
    [
      JSON.stringify(patch),
      JSON.stringify(base),
      conflicts.length > 0 ? JSON.stringify(conflicts) : null,
      state,
      state === 'superseded' ? null : row.next_attempt_at,
      now,
      row.id
    ]
  )
}

/** Open rows of one lead, oldest first. */
export function openRowsOf(tx: Tx, leadId: number): Promise<OutboxRow[]> {
  return tx.all<OutboxRow>(`SELECT * FROM outbox WHERE lead_id = ? AND state IN ${ACTIVE_STATES} ORDER BY id`, [leadId])
}

/**
 * After `row` left the queue without being delivered (it failed, or goes back to wait): the fields a
 * newer open edit of the lead holds are no longer its to send.
 */
export async function dropSupersededFields(tx: Tx, row: OutboxRow, now: string): Promise<void> {
  const newer = (await openRowsOf(tx, row.lead_id)).filter((other) => other.id > row.id)
  const taken = new Set(newer.flatMap((other) => fieldsOf(patchOf(other))))
  await dropFields(
    tx,
    row,
    fieldsOf(patchOf(row)).filter((f) => taken.has(f)),
    now
  )
}

/** The platform now holds `values` (an edit of them was delivered): newer edits of them start from there. */
export async function advanceBases(tx: Tx, leadId: number, afterId: number, values: Patch): Promise<void> {
  const fields = fieldsOf(values)
  for (const row of await openRowsOf(tx, leadId)) {
    if (row.id <= afterId) continue
    const base = baseOf(row)
    const moved = fields.filter((f) => f in base)
    if (moved.length === 0) continue
    for (const field of moved) base[field] = values[field]
    await tx.run('UPDATE outbox SET base_json = ? WHERE id = ?', [JSON.stringify(base), row.id])
  }
}
