import {
  DEFAULT_SORT,
  bulkActionSchema,
  type BulkAction,
  type BulkHistoryEntry,
  type BulkSelection,
  type LeadPatchField,
  type Platform
} from '../../shared/contract'
import { insertMany, type Database, type SqlValue, type Tx } from '../db'
import { applyAction, describeAction, fieldOfAction } from './bulk-actions'
import { PATCH_COLUMNS, fieldOf, sameValue, toSql, type LeadRow } from './columns'
import { ACTIVE_STATES } from './outbox-rows'
import { compileLeadQuery } from './query'
import { readJson } from './stored-json'

/*
 * Bulk edits: the leads a selection names, what an action would change (the preview), and the
 * edit itself: the leads, their outbox rows and the history row written in the caller's one
 * transaction, a chunk of leads at a time, so the edit is kept whole or not at all.
 */

export const BULK_CHUNK = 500
/** History kept for undo: older bulk edits are forgotten. */
const HISTORY_KEPT = 100

type Reader = Pick<Tx, 'all' | 'get'>
type EditedLead = Pick<
  LeadRow,
  | 'id'
  | 'connection_id'
  | 'name'
  | 'email'
  | 'phone'
  | 'phone_prefix'
  | 'status'
  | 'agent'
  | 'tags_json'
  | 'notes_json'
  | 'attributes_json'
> & { platform: Platform }

const EDITED_COLUMNS = `l.id, l.connection_id, l.name, l.email, l.phone, l.phone_prefix, l.status, l.agent,
  l.tags_json, l.notes_json, l.attributes_json, c.platform`

/** The selection as SQL over `l` (leads); the query form is compiled by the one query compiler. */
export function selectionClause(selection: BulkSelection, now: Date): { sql: string; params: SqlValue[] } {
  if (selection.kind === 'ids')
    return { sql: 'l.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(selection.ids)] }
  // The order does not matter here; a relevance sort would only make the plan read the full-text index.
  const q = compileLeadQuery({ ...selection.query, sort: [...DEFAULT_SORT] }, { now })
  let sql = `l.id IN (SELECT l.id FROM ${q.from} WHERE ${q.where})`
  const params = [...q.params]
  if (selection.except.length > 0) {
    sql += ' AND l.id NOT IN (SELECT value FROM json_each(?))'
    params.push(JSON.stringify(selection.except))
  }
  return { sql, params }
}

/** The ids of the selected leads of live connections, ascending. */
export async function selectedLeadIds(reader: Reader, selection: BulkSelection, now: Date): Promise<number[]> {
  const where = selectionClause(selection, now)
  const rows = await reader.all<{ id: number }>(
    `SELECT l.id FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.archived = 0 AND ${where.sql} ORDER BY l.id`,
    where.params
  )
  return rows.map((r) => r.id)
}

export interface BulkApplied {
  bulkId: number
  changed: number
  unchanged: number
  queued: number
  localOnly: number
  connectionIds: string[]
}

export interface ApplyOptions {
  /** Checked between chunks: once aborted, the edit throws and the transaction rolls back. */
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/**
 * Applies `action` to the leads `ids` in the caller's transaction: each changed lead's value, its
 * outbox edit (merged into the lead's waiting edit, as a single edit is, so stacked edits still
 * make one push), and its before/after values for undo, with one history row for the whole edit.
 */
export async function applyBulkEdit(
  tx: Tx,
  ids: readonly number[],
  action: BulkAction,
  now: string,
  options: ApplyOptions = {}
): Promise<BulkApplied> {
  const field = fieldOfAction(action)
  const head = await tx.run('INSERT INTO bulk_edits (action_json, summary, field, created_at) VALUES (?, ?, ?, ?)', [
    JSON.stringify(action),
    describeAction(action),
    field,
    now
  ])
  const bulkId = head.lastID
  const totals: BulkApplied = { bulkId, changed: 0, unchanged: 0, queued: 0, localOnly: 0, connectionIds: [] }
  const connections = new Set<string>()
  for (let start = 0; start < ids.length; start += BULK_CHUNK) {
    options.signal?.throwIfAborted()
    const chunk = ids.slice(start, start + BULK_CHUNK)
    const leads = await tx.all<EditedLead>(
      `SELECT ${EDITED_COLUMNS} FROM leads l JOIN connections c ON c.id = l.connection_id
       WHERE l.id IN (SELECT value FROM json_each(?)) AND c.archived = 0`,
      [JSON.stringify(chunk)]
    )
    const changes: { lead: EditedLead; before: unknown; after: unknown }[] = []
    for (const lead of leads) {
      const before = fieldOf(lead, field)
      const after = applyAction(action, before)
      if (sameValue(before, after)) totals.unchanged++
      else changes.push({ lead, before, after })
    }
    if (changes.length > 0) {
      const queued = await queueEdits(tx, changes, field, now)
      totals.queued += queued.queued
      totals.localOnly += queued.localOnly
      totals.changed += changes.length
      for (const { lead } of changes) connections.add(lead.connection_id)
      await tx.run(
        `UPDATE leads SET ${PATCH_COLUMNS[field].column} = j.v
         FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS v FROM json_each(?)) AS j
         WHERE leads.id = j.id`,
        [JSON.stringify(changes.map(({ lead, after }) => [lead.id, toSql(field, after)]))]
      )
      await insertMany(
        tx,
        'INSERT INTO bulk_edit_leads (bulk_id, lead_id, before_json, after_json)',
        4,
        changes.map(({ lead, before, after }) => [bulkId, lead.id, JSON.stringify(before), JSON.stringify(after)])
      )
    }
    options.onProgress?.(Math.min(ids.length, start + chunk.length), ids.length)
  }
  options.signal?.throwIfAborted()
  await tx.run('UPDATE bulk_edits SET changed = ?, unchanged = ? WHERE id = ?', [
    totals.changed,
    totals.unchanged,
    bulkId
  ])
  await tx.run('DELETE FROM bulk_edits WHERE id <= ?', [bulkId - HISTORY_KEPT])
  return { ...totals, connectionIds: [...connections] }
}

/**
 * One outbox edit per changed lead, by the rules of `recordEdit` (outbox-rows.ts), set-based: the
 * chunk goes into a temporary table, and a few statements do for every lead at once what a single
 * edit does for one. A lead without open edits gets a new row; one with open edits has the field
 * taken out of its older ones and merged into its waiting edit, never into one being sent. What the
 * platform is known to hold (`knownPlatformValue`) becomes the new value's base: a conflict's
 * remote value, else the oldest open edit's base, else the lead's value before the edit.
 */
async function queueEdits(
  tx: Tx,
  changes: readonly { lead: EditedLead; before: unknown; after: unknown }[],
  field: LeadPatchField,
  now: string
): Promise<{ queued: number; localOnly: number }> {
  // `field` is one of LEAD_PATCH_FIELDS (plain identifiers): it can stand in the SQL as a literal.
  const path = `'$.${field}'`
  const name = `'${field}'`
  await tx.run(`CREATE TEMP TABLE IF NOT EXISTS bulk_queue (
    lead_id INTEGER PRIMARY KEY, connection_id TEXT NOT NULL, state TEXT NOT NULL,
    after_json TEXT NOT NULL, base_json TEXT NOT NULL, merge_id INTEGER)`)
  await tx.run('DELETE FROM bulk_queue')
  let localOnly = 0
  const rows = changes.map(({ lead, before, after }) => {
    const state = lead.platform === 'chatzuri' ? 'local-only' : 'pending'
    if (state === 'local-only') localOnly++
    return [lead.id, lead.connection_id, state, after ?? null, before ?? null]
  })
  await tx.run(
    `INSERT INTO bulk_queue (lead_id, connection_id, state, after_json, base_json)
     SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', value -> '$[3]', value -> '$[4]' FROM json_each(?)`,
    [JSON.stringify(rows)]
  )
  // Only leads with open edits: the edit to merge into, and the base the platform is known to hold.
  await tx.run(
    `UPDATE bulk_queue SET
       merge_id = (SELECT max(o.id) FROM outbox o
         WHERE o.lead_id = bulk_queue.lead_id AND o.state = bulk_queue.state AND o.op = 'update'),
       base_json = coalesce(
         (SELECT c.value -> '$.remote' FROM outbox o, json_each(o.conflict_json) c
           WHERE o.lead_id = bulk_queue.lead_id AND o.state IN ${ACTIVE_STATES} AND o.conflict_json IS NOT NULL
             AND c.value ->> '$.field' = ${name}
           ORDER BY o.id DESC, c.key LIMIT 1),
         (SELECT o.base_json -> ${path} FROM outbox o
           WHERE o.lead_id = bulk_queue.lead_id AND o.state IN ${ACTIVE_STATES} AND o.base_json -> ${path} IS NOT NULL
           ORDER BY o.id LIMIT 1),
         base_json)
     WHERE lead_id IN (SELECT lead_id FROM outbox WHERE state IN ${ACTIVE_STATES}
       AND lead_id IN (SELECT lead_id FROM bulk_queue))`
  )
  // Older open edits that hold the field give it up (dropFields, for every lead at once).
  const left = `json_remove(patch_json, ${path})`
  const conflictsLeft = `(SELECT json_group_array(json(c.value)) FROM json_each(conflict_json) c
    WHERE c.value ->> '$.field' IS NOT ${name})`
  await tx.run(
    `UPDATE outbox SET
       patch_json = ${left},
       base_json = json_remove(base_json, ${path}),
       conflict_json = CASE WHEN conflict_json IS NULL OR ${conflictsLeft} = '[]' THEN NULL ELSE ${conflictsLeft} END,
       state = CASE
         WHEN NOT EXISTS (SELECT 1 FROM json_each(${left})) THEN 'superseded'
         WHEN state = 'conflict' AND (conflict_json IS NULL OR ${conflictsLeft} = '[]') THEN 'pending'
         ELSE state END,
       next_attempt_at = CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(${left})) THEN NULL ELSE next_attempt_at END,
       updated_at = ?
     WHERE lead_id IN (SELECT lead_id FROM bulk_queue) AND state IN ${ACTIVE_STATES} AND state <> 'sending'
       AND patch_json -> ${path} IS NOT NULL
       AND id IS NOT (SELECT q.merge_id FROM bulk_queue q WHERE q.lead_id = outbox.lead_id)`,
    [now]
  )
  // The new value joins the waiting edit; the base it already holds for the field stays.
  await tx.run(
    `UPDATE outbox SET
       patch_json = json_set(outbox.patch_json, ${path}, json(q.after_json)),
       base_json = CASE WHEN outbox.base_json -> ${path} IS NULL
         THEN json_set(outbox.base_json, ${path}, json(q.base_json)) ELSE outbox.base_json END,
       updated_at = ?
     FROM bulk_queue q WHERE outbox.id = q.merge_id`,
    [now]
  )
  await tx.run(
    `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
     SELECT lead_id, connection_id, 'update', json_object(${name}, json(after_json)),
       json_object(${name}, json(base_json)), state, ?, ?
     FROM bulk_queue WHERE merge_id IS NULL ORDER BY lead_id`,
    [now, now]
  )
  await tx.run('DELETE FROM bulk_queue')
  return { queued: changes.length - localOnly, localOnly }
}

interface HistoryRow {
  id: number
  action_json: string
  summary: string
  field: LeadPatchField
  changed: number
  created_at: string
  undone_at: string | null
}

export async function bulkHistory(db: Database, limit: number): Promise<BulkHistoryEntry[]> {
  const rows = await db.all<HistoryRow>('SELECT * FROM bulk_edits ORDER BY id DESC LIMIT ?', [limit])
  return rows.map((row) => ({
    id: row.id,
    action: readJson(bulkActionSchema, row.action_json),
    summary: row.summary,
    changed: row.changed,
    createdAt: row.created_at,
    undoneAt: row.undone_at
  }))
}

export function bulkEditOf(tx: Reader, id: number): Promise<HistoryRow | undefined> {
  return tx.get<HistoryRow>('SELECT * FROM bulk_edits WHERE id = ?', [id])
}
