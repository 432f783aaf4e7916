import {
  DEFAULT_SORT,
  PLATFORMS,
  bulkActionSchema,
  type BulkAction,
  type BulkHistoryEntry,
  type BulkSelection,
  type LeadPatchField,
  type Platform
} from '../../shared/contract'
import { insertMany, type Database, type SqlValue, type Tx } from '../db'
import { applyAction, describeAction, fieldOfAction, unchangedSql } from './bulk-actions'
import { PATCH_COLUMNS, fieldOf, sameValue, toSql, type LeadRow } from './columns'
import { knownPlatformValue } from './outbox'
import { ACTIVE_STATES, baseOf, dropFields, patchOf, type OutboxRow } from './outbox-rows'
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

/** Per platform: selected leads, and how many of them the action leaves as they are. */
export async function previewCounts(
  db: Database,
  selection: BulkSelection,
  action: BulkAction,
  now: Date
): Promise<{ platform: Platform; selected: number; unchanged: number }[]> {
  const where = selectionClause(selection, now)
  const same = unchangedSql(action)
  const rows = await db.all<{ platform: Platform; selected: number; unchanged: number }>(
    `SELECT c.platform AS platform, count(*) AS selected, total(${same.sql}) AS unchanged
     FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.archived = 0 AND ${where.sql} GROUP BY c.platform`,
    [...same.params, ...where.params]
  )
  return PLATFORMS.map((platform) => {
    const row = rows.find((r) => r.platform === platform)
    return { platform, selected: row?.selected ?? 0, unchanged: row?.unchanged ?? 0 }
  })
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
 * One outbox edit per changed lead, by the rules of `recordEdit`: a lead without open edits gets a
 * new row (the common case, inserted many at a time); one with open edits has the field taken out
 * of its older ones and merged into its waiting edit, never into one being sent.
 */
async function queueEdits(
  tx: Tx,
  changes: readonly { lead: EditedLead; before: unknown; after: unknown }[],
  field: LeadPatchField,
  now: string
): Promise<{ queued: number; localOnly: number }> {
  const open = await tx.all<OutboxRow>(
    `SELECT * FROM outbox WHERE lead_id IN (SELECT value FROM json_each(?)) AND state IN ${ACTIVE_STATES} ORDER BY id`,
    [JSON.stringify(changes.map((c) => c.lead.id))]
  )
  const openByLead = new Map<number, OutboxRow[]>()
  for (const row of open) openByLead.set(row.lead_id, [...(openByLead.get(row.lead_id) ?? []), row])
  const inserts: SqlValue[][] = []
  let localOnly = 0
  for (const { lead, before, after } of changes) {
    const readOnly = lead.platform === 'chatzuri'
    if (readOnly) localOnly++
    const state = readOnly ? 'local-only' : 'pending'
    const entries = openByLead.get(lead.id) ?? []
    const base = (knownPlatformValue(entries, field) ?? { value: before }).value
    const mergeInto = entries.findLast((e) => e.state === state && e.op === 'update')
    for (const older of entries) {
      if (older !== mergeInto && older.state !== 'sending') await dropFields(tx, older, [field], now)
    }
    if (mergeInto) {
      await tx.run('UPDATE outbox SET patch_json = ?, base_json = ?, updated_at = ? WHERE id = ?', [
        JSON.stringify({ ...patchOf(mergeInto), [field]: after }),
        JSON.stringify({ [field]: base, ...baseOf(mergeInto) }),
        now,
        mergeInto.id
      ])
      continue
    }
    inserts.push([
      lead.id,
      lead.connection_id,
      'update',
      JSON.stringify({ [field]: after }),
      JSON.stringify({ [field]: base }),
      state,
      now,
      now
    ])
  }
  await insertMany(
    tx,
    'INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)',
    8,
    inserts
  )
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
