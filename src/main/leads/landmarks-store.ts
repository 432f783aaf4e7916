import type { Database } from '../db'

/*
 * A connection's leads in the order they were first stored: its index on connection_id holds each
 * row's rowid, and a sync stores a pass's records in the order it reads them (an upsert keeps the
 * rowid), so the order is the platform's as of the syncs that stored them. Read without a sort.
 */
const COUNT = 'SELECT count(*) AS n FROM leads WHERE connection_id = ?'
export const NTH_LEAD = `SELECT remote_id FROM leads INDEXED BY leads_by_connection_id
  WHERE connection_id = ? ORDER BY rowid LIMIT 1 OFFSET ?`

/**
 * Up to `count` remote ids of the connection's leads, evenly spaced in the order they were first
 * stored: where a re-scan may start reading in parallel (see Landmarks). None for an empty cache.
 */
export async function leadLandmarks(db: Database, connectionId: string, count: number): Promise<string[]> {
  const total = (await db.get<{ n: number }>(COUNT, [connectionId]))?.n ?? 0
  const out: string[] = []
  if (count < 1 || total <= count) return out
  for (let k = 1; k <= count; k++) {
    const row = await db.get<{ remote_id: string }>(NTH_LEAD, [connectionId, Math.floor((k * total) / (count + 1))])
    if (row) out.push(row.remote_id)
  }
  return out
}
