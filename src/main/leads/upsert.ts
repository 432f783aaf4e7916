import { insertMany, type Tx } from '../db/database'
import type { NormalizedLead } from '../providers/connector'
import { SYNC_COLUMNS, leadValues } from './columns'
import { reconcileLocalEdits } from './outbox'

const UPDATABLE = SYNC_COLUMNS.filter((c) => c !== 'connection_id' && c !== 'remote_id')
const HEAD = `INSERT INTO leads (${SYNC_COLUMNS.join(', ')})`
// Rows whose platform JSON did not change are left alone: a re-scan costs a read, not a write.
const TAIL = `ON CONFLICT (connection_id, remote_id) DO UPDATE SET
  ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE leads.raw_json IS NOT excluded.raw_json OR leads.kind IS NOT excluded.kind`

/**
 * Writes a batch of platform records, then puts the user's not-yet-delivered edits back on top
 * (and flags those the platform changed meanwhile). Runs inside the caller's transaction, which
 * also stores the sync checkpoint.
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
  const unique = [...latest.values()]
  await insertMany(
    tx,
    HEAD,
    SYNC_COLUMNS.length,
    unique.map((lead) => leadValues(connectionId, lead, syncedAt)),
    TAIL
  )
  await reconcileLocalEdits(tx, connectionId, latest)
  return unique.length
}
