import { z } from 'zod'
import type { Database, Tx } from '../db'
import type { StreamCursor } from '../providers'

const cursorSchema = z.record(z.string(), z.unknown())

export async function loadCheckpoint(db: Database, connectionId: string, stream: string): Promise<StreamCursor | null> {
  const row = await db.get<{ cursor_json: string }>(
    'SELECT cursor_json FROM sync_checkpoints WHERE connection_id = ? AND stream = ?',
    [connectionId, stream]
  )
  return row ? cursorSchema.parse(JSON.parse(row.cursor_json)) : null
}

export async function saveCheckpoint(
  tx: Tx,
  connectionId: string,
  stream: string,
  cursor: StreamCursor,
  now: string
): Promise<void> {
  await tx.run(
    `INSERT INTO sync_checkpoints (connection_id, stream, cursor_json, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (connection_id, stream) DO UPDATE SET cursor_json = excluded.cursor_json, updated_at = excluded.updated_at`,
    [connectionId, stream, JSON.stringify(cursor), now]
  )
}

/** A removed connection's next sync, if it is ever added again, starts from the beginning. */
export async function clearCheckpoints(tx: Tx, connectionId: string): Promise<void> {
  await tx.run('DELETE FROM sync_checkpoints WHERE connection_id = ?', [connectionId])
}
