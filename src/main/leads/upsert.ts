import { insertFromJsonRows, sqlJson, type Database, type SqlValue, type Tx } from '../db'
import type { NormalizedLead, ReceivedRecord } from '../providers'
import { SYNC_COLUMNS, leadValues } from './columns'
import { ACTIVE_STATES, reconcileLocalEdits } from './outbox'

const UPDATABLE = SYNC_COLUMNS.filter((c) => c !== 'connection_id' && c !== 'remote_id')
/**
 * The rows as one JSON array (see insertFromJsonRows): the driver's binding of 24 values a lead
 * cost ~2.6 s per 100,000 leads on the JS thread a sync also needs for reading and checking pages.
 * The same test as the skip below, kept in SQL too: an unchanged row is never rewritten.
 */
const UPSERT_FROM_JSON = insertFromJsonRows(
  'leads',
  SYNC_COLUMNS,
  `ON CONFLICT (connection_id, remote_id) DO UPDATE SET
  ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE leads.raw_json IS NOT excluded.raw_json OR leads.kind IS NOT excluded.kind`
)
/** Rows per statement: what one JSON parameter holds (a few MB). */
const ROWS_PER_STATEMENT = 1000
/** The stored JSON of the given remote ids (a JSON array), one index probe each. */
const STORED_RECORDS = `SELECT remote_id, kind, raw_json FROM leads
  WHERE connection_id = ? AND remote_id IN (SELECT value FROM json_each(?))`

/**
 * Writes a batch of platform records, then puts the user's not-yet-delivered edits back on top
 * (and flags those the platform changed meanwhile). Runs inside the caller's transaction, which
 * also stores the sync checkpoint. Returns the lead rows actually inserted or updated.
 *
 * Records whose platform JSON is what the cache already holds are dropped before any row is
 * built: ChatBot.com and Chatzuri have no updated-at to page by, so every sync re-reads them all,
 * and a re-scan should cost one indexed read per record, not a write.
 */
export async function upsertLeads(
  tx: Tx,
  connectionId: string,
  leads: readonly NormalizedLead[],
  syncedAt: string
): Promise<number> {
  if (leads.length === 0) return 0
  // A shifting list can hand the same record over twice: the later copy is the newer one.
  const latest = new Map<string, NormalizedLead>()
  for (const lead of leads) latest.set(lead.remoteId, lead)
  const stored = await storedRecords(tx, connectionId, [...latest.keys()])
  let written = 0
  let rows: SqlValue[][] = []
  // Values are built a statement's worth at a time: a batch's rows are not held twice over.
  const flush = async (): Promise<void> => {
    if (rows.length > 0) written += (await tx.run(UPSERT_FROM_JSON, [sqlJson(rows)])).changes
    rows = []
  }
  for (const lead of latest.values()) {
    const raw = lead.rawJson ?? JSON.stringify(lead.raw)
    const known = stored.get(lead.remoteId)
    if (known && known.raw_json === raw && known.kind === lead.kind) continue
    rows.push(leadValues(connectionId, lead, syncedAt, raw))
    if (rows.length >= ROWS_PER_STATEMENT) await flush()
  }
  await flush()
  await reconcileLocalEdits(tx, connectionId, latest)
  return written
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
