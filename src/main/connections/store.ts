import type { Brand, Connection, ConnectionState, Platform } from '../../shared/contract'
import type { Database, Tx } from '../db'

interface ConnectionRow {
  id: string
  platform: Platform
  brand: Brand | null
  name: string
  base_url: string
  bot_id: string | null
  customer_id: string | null
  agent_id: string | null
  is_demo: number
  archived: number
  state: ConnectionState
  state_message: string | null
  last_synced_at: string | null
  created_at: string
  lead_count: number
}

export interface ConnectionRecord {
  id: string
  platform: Platform
  brand: Brand | null
  name: string
  baseUrl: string
  botId: string | null
  customerId: string | null
  agentId: string | null
  isDemo: boolean
}

// From the counts the leads' triggers keep (migration 7): counting the leads themselves read the
// whole connection index, ~200 ms at 1,000,000 leads, on every list (several as the app opens).
const SELECT = `
  SELECT c.*, (SELECT ifnull(sum(k.n), 0) FROM lead_counts k WHERE k.connection_id = c.id) AS lead_count
  FROM connections c`

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    platform: row.platform,
    brand: row.brand,
    name: row.name,
    baseUrl: row.base_url,
    botId: row.bot_id,
    customerId: row.customer_id,
    agentId: row.agent_id,
    isDemo: row.is_demo === 1,
    archived: row.archived === 1,
    readOnly: row.platform === 'chatzuri',
    state: row.state,
    stateMessage: row.state_message,
    lastSyncedAt: row.last_synced_at,
    leadCount: row.lead_count,
    createdAt: row.created_at
  }
}

export async function listConnections(db: Database): Promise<Connection[]> {
  const rows = await db.all<ConnectionRow>(`${SELECT} ORDER BY c.archived, c.created_at, c.id`)
  return rows.map(toConnection)
}

export async function findConnection(db: Database | Tx, id: string): Promise<Connection | null> {
  const row = await db.get<ConnectionRow>(`${SELECT} WHERE c.id = ?`, [id])
  return row ? toConnection(row) : null
}

export async function insertConnection(tx: Tx, record: ConnectionRecord, now: string): Promise<void> {
  await tx.run(
    `INSERT INTO connections (id, platform, brand, name, base_url, bot_id, customer_id, agent_id, is_demo,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      record.id,
      record.platform,
      record.brand,
      record.name,
      record.baseUrl,
      record.botId,
      record.customerId,
      record.agentId,
      record.isDemo ? 1 : 0,
      now,
      now
    ]
  )
}

export async function updateConnectionRecord(tx: Tx, record: ConnectionRecord, now: string): Promise<void> {
  await tx.run(
    `UPDATE connections SET name = ?, brand = ?, base_url = ?, bot_id = ?, customer_id = ?, agent_id = ?,
       updated_at = ? WHERE id = ?`,
    [record.name, record.brand, record.baseUrl, record.botId, record.customerId, record.agentId, now, record.id]
  )
}

export async function setConnectionState(
  tx: Tx,
  id: string,
  state: ConnectionState,
  message: string | null,
  now: string
): Promise<void> {
  await tx.run('UPDATE connections SET state = ?, state_message = ?, updated_at = ? WHERE id = ?', [
    state,
    message,
    now,
    id
  ])
}

/** A new token is the fix for "needs a new token": the next sync may try again. */
export async function clearNeedsToken(tx: Tx, id: string): Promise<void> {
  await tx.run("UPDATE connections SET state = 'idle', state_message = NULL WHERE id = ? AND state = 'needs-token'", [
    id
  ])
}

export async function setLastSynced(tx: Tx, id: string, at: string): Promise<void> {
  await tx.run('UPDATE connections SET last_synced_at = ? WHERE id = ?', [at, id])
}

/** After a restart nothing is syncing yet, and reachability is unknown until tried. */
export async function resetInterrupted(tx: Tx): Promise<void> {
  await tx.run("UPDATE connections SET state = 'idle', state_message = NULL WHERE state IN ('syncing', 'offline')")
}

/** Removed, its leads kept: listed under removed connections. */
export async function archiveConnection(tx: Tx, id: string, now: string): Promise<void> {
  await tx.run(
    "UPDATE connections SET archived = 1, state = 'idle', state_message = NULL, updated_at = ? WHERE id = ?",
    [now, id]
  )
}

/** The connection and, by cascade, its leads, queued edits and checkpoints. */
export async function deleteConnection(tx: Tx, id: string): Promise<void> {
  await tx.run('DELETE FROM connections WHERE id = ?', [id])
}

export async function deleteDemoConnections(tx: Tx): Promise<void> {
  await tx.run('DELETE FROM connections WHERE is_demo = 1')
}
