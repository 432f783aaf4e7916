import type { Conversation } from '../../shared/contract'
import type { Database } from '../db'

interface ChatRow {
  remote_id: string
  started_at: string | null
  first_message: string | null
}

/** The conversations last read from a lead's platform, and when; null if they were never read. */
export async function readSavedConversations(
  db: Database,
  leadId: number
): Promise<{ fetchedAt: string; conversations: Conversation[] } | null> {
  const fetched = await db.get<{ fetched_at: string }>(
    'SELECT fetched_at FROM conversation_fetches WHERE lead_id = ?',
    [leadId]
  )
  if (!fetched) return null
  // In the platform's order: rows are written in it, so their ids keep it.
  const rows = await db.all<ChatRow>(
    'SELECT remote_id, started_at, first_message FROM chats WHERE lead_id = ? ORDER BY id',
    [leadId]
  )
  return {
    fetchedAt: fetched.fetched_at,
    conversations: rows.map((r) => ({ id: r.remote_id, startedAt: r.started_at, firstMessage: r.first_message }))
  }
}

/** Replaces what is kept of a lead's conversations with what its platform just listed. */
export async function saveConversations(
  db: Database,
  leadId: number,
  conversations: readonly Conversation[],
  now: string
): Promise<void> {
  await db.write(async (tx) => {
    // The lead may have been removed (its connection deleted) while the platform answered.
    const lead = await tx.get<{ id: number }>('SELECT id FROM leads WHERE id = ?', [leadId])
    if (!lead) return
    await tx.run('DELETE FROM chats WHERE lead_id = ?', [leadId])
    for (const c of conversations) {
      await tx.run(
        `INSERT OR REPLACE INTO chats (lead_id, remote_id, started_at, first_message, raw_json) VALUES (?, ?, ?, ?, ?)`,
        [leadId, c.id, c.startedAt, c.firstMessage, JSON.stringify(c)]
      )
    }
    await tx.run('INSERT OR REPLACE INTO conversation_fetches (lead_id, fetched_at) VALUES (?, ?)', [leadId, now])
  })
}
