import { z } from 'zod'
import { sqlJson, type Database, type Tx } from '../db'
import type { StreamCursor } from '../providers'

const cursorSchema = z.record(z.string(), z.unknown())

export async function loadCheckpoint(db: Database, connectionId: string, stream: string): Promise<StreamCursor | null> {
  const row = await db.get<{ cursor_json: string }>(
    'SELECT cursor_json FROM sync_checkpoints WHERE connection_id = ? AND stream = ?',
    [connectionId, stream]
  )
  return row ? cursorSchema.parse(JSON.parse(row.cursor_json)) : null
}

/**
 * Stores the cursors of several streams in one statement (a sync's writer stores those of every
 * batch of a group at once: each statement costs a turn of the busy JS thread).
 */
export async function saveCheckpoints(
  tx: Tx,
  checkpoints: readonly { connectionId: string; stream: string; cursor: StreamCursor }[],
  now: string
): Promise<void> {
  if (checkpoints.length === 0) return
  await tx.runCached(
    `INSERT INTO sync_checkpoints (connection_id, stream, cursor_json, updated_at)
     SELECT value ->> 0, value ->> 1, value ->> 2, ? FROM json_each(?) WHERE true
     ON CONFLICT (connection_id, stream) DO UPDATE SET cursor_json = excluded.cursor_json, updated_at = excluded.updated_at`,
    [now, sqlJson(checkpoints.map((c) => [c.connectionId, c.stream, JSON.stringify(c.cursor)]))]
  )
}

/** A removed connection's next sync, if it is ever added again, starts from the beginning. */
export async function clearCheckpoints(tx: Tx, connectionId: string): Promise<void> {
  await tx.run('DELETE FROM sync_checkpoints WHERE connection_id = ?', [connectionId])
}
