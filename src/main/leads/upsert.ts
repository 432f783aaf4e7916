import { insertFromJsonRows, sqlJson, type Database, type SqlValue, type Tx } from '../db'
import type { NormalizedLead, ReceivedRecord } from '../providers'
import { SYNC_COLUMNS, leadValues } from './columns'
import { ACTIVE_STATES, reconcileLocalEdits } from './outbox'

/**
 * The columns of a prepared row: all but synced_at (the last of leadValues), bound when the rows are
 * written, so that the rows a transaction writes have the same synced_at, however early they were
 * prepared.
 */
const ROW_COLUMNS = SYNC_COLUMNS.slice(0, -1)
if (SYNC_COLUMNS.at(-1) !== 'synced_at') throw new Error('upsert: synced_at must be the last of SYNC_COLUMNS')
const UPDATABLE = SYNC_COLUMNS.filter((c) => c !== 'connection_id' && c !== 'remote_id')
/**
 * The rows as one JSON array (see insertFromJsonRows): the driver's binding of 24 values a lead
 * cost ~2.6 s per 100,000 leads on the JS thread a sync also needs for reading and checking pages.
 * Its WHERE is what keeps an unchanged record from being rewritten (no row, trigger or FTS work).
 */
const UPSERT_FROM_JSON = insertFromJsonRows(
  'leads',
  ROW_COLUMNS,
  `ON CONFLICT (connection_id, remote_id) DO UPDATE SET
  ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE leads.raw_json IS NOT excluded.raw_json OR leads.kind IS NOT excluded.kind`,
  ['synced_at']
)
/** Rows per prepared JSON text: what one batch's text is built in. */
const ROWS_PER_STATEMENT = 1000
/** The stored JSON of the given remote ids (a JSON array), one index probe each. */
const STORED_RECORDS = `SELECT remote_id, kind, raw_json FROM leads
  WHERE connection_id = ? AND remote_id IN (SELECT value FROM json_each(?))`

/**
 * A batch of platform records made ready to write: the upsert's parameters built on the JS thread
 * before the transaction that writes them, so that a sync builds the next batch's while SQLite writes
 * the one before (built inside the transaction, SQLite waited for them: ~2.3 s per 100,000 leads).
 */
export interface PreparedLeads {
  connectionId: string
  /** The latest copy of each record, by remote id: what reconcileLocalEdits compares the edits with. */
  latest: Map<string, NormalizedLead>
  /** The rows (ROW_COLUMNS) of UPSERT_FROM_JSON as JSON arrays of at most ROWS_PER_STATEMENT rows. */
  statements: string[]
}

/**
 * Builds the upsert's parameters of `leads`. A record whose platform JSON and kind are what the cache
 * holds is left to the statement, which does not rewrite it (its WHERE): a sync asks the reader for
 * those before mapping a page (unchangedRecords), so few come this far.
 */
export function prepareLeads(connectionId: string, leads: readonly NormalizedLead[]): PreparedLeads {
  // A shifting list can hand the same record over twice: the later copy is the newer one.
  const unique = new Map<string, NormalizedLead>()
  for (const lead of leads) unique.set(lead.remoteId, lead)
  const latest = new Map<string, NormalizedLead>()
  const statements: PreparedLeads['statements'] = []
  let rows: SqlValue[][] = []
  // Values are turned into text a statement's worth at a time: a batch's rows are not held twice over.
  for (const lead of unique.values()) {
    const values = leadValues(connectionId, lead, '')
    values.pop() // synced_at: see ROW_COLUMNS
    rows.push(values)
    // Its platform JSON is in the statement's text now: what waits holds it once, not twice.
    const { raw: _raw, rawJson: _rawJson, ...fields } = lead
    latest.set(lead.remoteId, { ...fields, raw: null })
    if (rows.length >= ROWS_PER_STATEMENT) {
      statements.push(sqlJson(rows))
      rows = []
    }
  }
  if (rows.length > 0) statements.push(sqlJson(rows))
  return { connectionId, latest, statements }
}

/**
 * Writes prepared batches, of one connection or several, in the order given (a record in two of
 * them ends as the later copy; rows carry their connection, so one statement takes any), then puts
 * the user's not-yet-delivered edits back on top (and flags those the platform changed meanwhile),
 * connection by connection. Runs inside the caller's transaction, which also stores the sync
 * checkpoints. Returns the lead rows actually inserted or updated.
 */
export async function writePreparedLeads(tx: Tx, batches: readonly PreparedLeads[], syncedAt: string): Promise<number> {
  let written = 0
  const latest = new Map<string, Map<string, NormalizedLead>>()
  for (const batch of batches) {
    // One statement per prepared text. Joined into statements of 1,000–4,000 rows (fewer FTS5
    // segments), the copy made for each join kept more large strings for the GC to find: the sync's
    // peak RSS rose from ~350 MB to 407–461 MB at 100k.
    for (const statement of batch.statements) {
      written += (await tx.run(UPSERT_FROM_JSON, [statement, syncedAt])).changes
    }
    const own = latest.get(batch.connectionId)
    if (!own) latest.set(batch.connectionId, new Map(batch.latest))
    else for (const [remoteId, lead] of batch.latest) own.set(remoteId, lead)
  }
  for (const [connectionId, incoming] of latest) {
    if (incoming.size > 0) await reconcileLocalEdits(tx, connectionId, incoming)
  }
  return written
}

/**
 * Writes a batch of platform records, then puts the user's not-yet-delivered edits back on top
 * (and flags those the platform changed meanwhile): prepareLeads and writePreparedLeads in one.
 * Records whose platform JSON and kind are what the cache already holds are not rewritten.
 */
export async function upsertLeads(
  tx: Tx,
  connectionId: string,
  leads: readonly NormalizedLead[],
  syncedAt: string
): Promise<number> {
  if (leads.length === 0) return 0
  return writePreparedLeads(tx, [prepareLeads(connectionId, leads)], syncedAt)
}

/**
 * The remote ids among `records` that the cache holds with the same JSON and kind: the sync need
 * not map them, nor write them (the upsert would skip them anyway). Read on the reader. While the
 * connection has edits waiting to be sent, none: reconcileLocalEdits then sees every record a page
 * brings, unchanged or not, as it always has.
 */
export async function unchangedRecords(
  db: Database,
  connectionId: string,
  records: readonly ReceivedRecord[]
): Promise<Set<string>> {
  const same = new Set<string>()
  if (records.length === 0) return same
  const edits = await db.get(`SELECT 1 FROM outbox WHERE connection_id = ? AND state IN ${ACTIVE_STATES} LIMIT 1`, [
    connectionId
  ])
  if (edits) return same
  const stored = await storedRecords(
    db,
    connectionId,
    records.map((r) => r.remoteId)
  )
  for (const record of records) {
    const known = stored.get(record.remoteId)
    if (known && known.raw_json === record.rawJson && known.kind === record.kind) same.add(record.remoteId)
  }
  return same
}

async function storedRecords(
  tx: Pick<Tx, 'all'>,
  connectionId: string,
  remoteIds: readonly string[]
): Promise<Map<string, { kind: string; raw_json: string }>> {
  const out = new Map<string, { kind: string; raw_json: string }>()
  const rows = await tx.all<{ remote_id: string; kind: string; raw_json: string }>(STORED_RECORDS, [
    connectionId,
    sqlJson(remoteIds)
  ])
  for (const row of rows) out.set(row.remote_id, row)
  return out
}
