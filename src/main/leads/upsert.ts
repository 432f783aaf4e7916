import { insertMany, type Tx } from '../db'
import type { NormalizedLead } from '../providers'
import { SYNC_COLUMNS, leadValues } from './columns'
import { reconcileLocalEdits } from './outbox'

const UPDATABLE = SYNC_COLUMNS.filter((c) => c !== 'connection_id' && c !== 'remote_id')
const HEAD = `INSERT INTO leads (${SYNC_COLUMNS.join(', ')})`
// The same test as the skip below, kept in SQL too: an unchanged row is never rewritten.
const TAIL = `ON CONFLICT (connection_id, remote_id) DO UPDATE SET
  ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE leads.raw_json IS NOT excluded.raw_json OR leads.kind IS NOT excluded.kind`
/** Remote ids per lookup: well under SQLite's 32,766 bound parameters. */
const LOOKUP_CHUNK = 10_000

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
  const rows: ReturnType<typeof leadValues>[] = []
  for (const lead of latest.values()) {
    const raw = lead.rawJson ?? JSON.stringify(lead.raw)
    const known = stored.get(lead.remoteId)
    if (known && known.raw_json === raw && known.kind === lead.kind) continue
    rows.push(leadValues(connectionId, lead, syncedAt, raw))
  }
  const written = await insertMany(tx, HEAD, SYNC_COLUMNS.length, rows, TAIL)
  await reconcileLocalEdits(tx, connectionId, latest)
  return written
}

async function storedRecords(
  tx: Tx,
  connectionId: string,
  remoteIds: readonly string[]
): Promise<Map<string, { kind: string; raw_json: string }>> {
  const out = new Map<string, { kind: string; raw_json: string }>()
  for (let start = 0; start < remoteIds.length; start += LOOKUP_CHUNK) {
    const chunk = remoteIds.slice(start, start + LOOKUP_CHUNK)
    const rows = await tx.all<{ remote_id: string; kind: string; raw_json: string }>(
      `SELECT remote_id, kind, raw_json FROM leads WHERE connection_id = ? AND remote_id IN (${chunk.map(() => '?').join(',')})`,
      [connectionId, ...chunk]
    )
    for (const row of rows) out.set(row.remote_id, row)
  }
  return out
}
