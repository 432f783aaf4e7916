// The writes a CSV import makes to the leads and outbox tables (their owner is this folder): the
// import works out what to write (src/main/csv/import), this module writes it.
import { dropIndex, droppableIndexes, insertFromJsonRows, sqlJson, type SqlValue, type Tx } from '../db'
import type { NormalizedLead } from '../providers'
import { SYNC_COLUMNS, leadValues } from './columns'

const CREATE_COLUMNS = [...SYNC_COLUMNS, 'import_id', 'import_state'] as const
/** The new leads of a batch, as one JSON array of rows (see insertFromJsonRows). */
const CREATE_FROM_JSON = insertFromJsonRows('leads', CREATE_COLUMNS)

/** Columns an import may set directly on a lead (the fields the platforms take no edits of, or a local lead's). */
const DIRECT_COLUMNS: ReadonlySet<string> = new Set<string>([
  'name',
  'email',
  'phone',
  'phone_prefix',
  'status',
  'agent',
  'city',
  'country',
  'tags_json',
  'notes_json',
  'attributes_json',
  'kind',
  'remote_created_at',
  'remote_updated_at',
  'last_message_text',
  'last_message_at'
])

/** New leads of an import, local (not on any platform) until pushed; returns how many were written. */
export function insertImportedLeads(
  tx: Tx,
  importId: number,
  connectionId: string,
  leads: readonly NormalizedLead[],
  at: string
): Promise<number> {
  if (leads.length === 0) return Promise.resolve(0)
  const rows = leads.map((lead) => [...leadValues(connectionId, lead, at), importId, 'local'])
  return tx.run(CREATE_FROM_JSON, [sqlJson(rows)]).then((result) => result.changes)
}

/**
 * Indexes of the leads table the import's own lookups read (csv/import/lead-store.ts: by e-mail
 * without case, by phone key; the platform id's is the table's UNIQUE constraint, never dropped).
 */
export const LOOKUP_INDEXES: ReadonlySet<string> = new Set(['leads_by_email_nocase', 'leads_by_phone_key'])

/** Fewer new leads than this are inserted into the indexes as they are, whatever the cache holds. */
export const REBUILD_MIN_ROWS = 10_000

/**
 * Whether writing `rows` leads beside the `held` ones is cheaper with the leads indexes built again
 * after them than with every lead inserted into them: many rows, at least half as many as the cache
 * holds. Measured with the shell: 100,000 rows into an empty cache take half the time; 50,000 into
 * a cache of 100,000 the same either way (the builds cover the old leads too), and the larger the
 * indexes grow past the page cache, the more each random insert costs.
 */
export function rebuildPays(rows: number, held: number, minRows = REBUILD_MIN_ROWS): boolean {
  return rows >= minRows && rows * 2 >= held
}

/** How many leads the cache holds, from the counts kept by trigger (not a scan). */
export async function leadTotal(db: Pick<Tx, 'get'>): Promise<number> {
  return (await db.get<{ n: number }>('SELECT ifnull(sum(n), 0) AS n FROM lead_counts'))?.n ?? 0
}

/**
 * Runs `task` (an import writing many new leads) with the leads table's secondary indexes dropped,
 * then builds each again from its own CREATE statement, sorted in one pass: a lead inserted into
 * every index costs a random page per index, which at a million leads no page cache holds, while a
 * build reads the table once. Inside the caller's transaction: a failed, cancelled or killed import
 * rolls the drops back with its rows. `keepLookups` keeps the indexes the import's matching reads.
 * `beforeBuild` runs before each build (the caller's cancel check, cache size, progress). The
 * planner's statistics of the dropped indexes (DROP INDEX deletes them) are put back as they were.
 */
export async function withLeadIndexesRebuilt<T>(
  tx: Tx,
  keepLookups: boolean,
  beforeBuild: (built: number, of: number) => Promise<void>,
  task: () => Promise<T>
): Promise<T> {
  const dropped = await droppableIndexes(tx, 'leads', keepLookups ? LOOKUP_INDEXES : new Set())
  const hasStats = (await tx.get("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")) !== undefined
  const stats = hasStats
    ? await tx.all<{ idx: string; stat: string }>(
        `SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'leads' AND idx IN (${dropped.map(() => '?').join(',')})`,
        dropped.map((index) => index.name)
      )
    : []
  for (const { name } of dropped) await dropIndex(tx, name)
  const result = await task()
  for (const [i, { sql }] of dropped.entries()) {
    await beforeBuild(i, dropped.length)
    await tx.exec(sql)
  }
  for (const { idx, stat } of stats)
    await tx.run("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('leads', ?, ?)", [idx, stat])
  return result
}

/** Sets columns of one lead as they are, outside the outbox: for values no platform takes edits of. */
export async function setLeadColumns(tx: Tx, leadId: number, values: ReadonlyMap<string, SqlValue>): Promise<void> {
  if (values.size === 0) return
  const columns = [...values.keys()]
  const unknown = columns.find((c) => !DIRECT_COLUMNS.has(c))
  // Column names go into the SQL text: only known ones, never anything a file or a caller typed.
  if (unknown) throw new Error(`an import cannot set the column ${unknown}`)
  await tx.run(`UPDATE leads SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [
    ...values.values(),
    leadId
  ])
}

/** Removes the leads an import created that are still local; returns how many. */
export async function deleteLocalImported(tx: Tx, importId: number): Promise<number> {
  const { changes } = await tx.run("DELETE FROM leads WHERE import_id = ? AND import_state IN ('local', 'pushing')", [
    importId
  ])
  return changes
}

/** How many leads of an import are still local (or being pushed), or were pushed. */
export async function countImported(
  db: Pick<Tx, 'get'>,
  importId: number,
  states: 'local' | 'pushed'
): Promise<number> {
  const where = states === 'local' ? "import_state IN ('local', 'pushing')" : "import_state = 'pushed'"
  const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM leads WHERE import_id = ? AND ${where}`, [
    importId
  ])
  return row?.n ?? 0
}

/** A lead of an import not yet (or not surely) on a platform, as stored. */
export interface LocalImportedRow {
  id: number
  connection_id: string
  remote_id: string
  import_state: 'local' | 'pushing'
  push_attempted_at: string | null
  name: string | null
  email: string | null
  phone: string | null
  phone_prefix: string | null
  status: string | null
  agent: string | null
  city: string | null
  country: string | null
  tags_json: string
  notes_json: string
  attributes_json: string
}

/** The first `limit` leads of an import still to push, in the order they were made. */
export function localImportedLeads(db: Pick<Tx, 'all'>, importId: number, limit: number): Promise<LocalImportedRow[]> {
  return db.all<LocalImportedRow>(
    `SELECT * FROM leads WHERE import_id = ? AND import_state IN ('local', 'pushing') ORDER BY id LIMIT ?`,
    [importId, limit]
  )
}

/** A local lead moves to the connection it will be pushed to. */
export async function moveImportedLead(tx: Tx, leadId: number, connectionId: string): Promise<void> {
  await tx.run('UPDATE leads SET connection_id = ? WHERE id = ?', [connectionId, leadId])
}

/** Committed before the first request: from now on a retry reads back before it creates. */
export async function markPushing(tx: Tx, leadId: number, since: string): Promise<void> {
  await tx.run("UPDATE leads SET import_state = 'pushing', push_attempted_at = ? WHERE id = ?", [since, leadId])
}

/** A pushed lead is the platform's: its remote id, and its edits made while local went out with the create. */
export async function markPushed(
  tx: Tx,
  leadId: number,
  connectionId: string,
  remoteId: string,
  now: string
): Promise<void> {
  // A sync may have pulled the new record already, as a lead of its own: this one replaces it.
  await tx.run('DELETE FROM leads WHERE connection_id = ? AND remote_id = ? AND id <> ?', [
    connectionId,
    remoteId,
    leadId
  ])
  await tx.run("UPDATE leads SET remote_id = ?, import_state = 'pushed' WHERE id = ?", [remoteId, leadId])
  await tx.run(
    `UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = 'sent with the new lead', updated_at = ?
     WHERE lead_id = ? AND state IN ('pending', 'failed')`,
    [now, now, leadId]
  )
}
