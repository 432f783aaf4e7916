import type { LeadDetail } from '../../shared/contract'
import type { Database } from '../db'
import { inboxLink } from '../providers'
import { listLeadEdits } from './outbox'
import { tableRowsByIds } from './table-store'

interface DetailRecord {
  picture: string | null
  gender: string | null
  conversation_count: number | null
  connection_name: string
  platform: string
  base_url: string
  bot_id: string | null
}

/** A picture is shown only from a web address: never javascript:, data:, file: or a bare word. */
export function webAddress(value: string | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** Everything the detail panel shows of one lead, or null when there is no such lead. */
export async function readLeadDetail(db: Database, id: number): Promise<LeadDetail | null> {
  const [row] = await tableRowsByIds(db, [id])
  if (!row) return null
  // ChatBot.com counts a user's conversations in the list it syncs; the others do not.
  const extra = await db.get<DetailRecord>(
    `SELECT l.picture, l.gender, c.name AS connection_name, c.platform, c.base_url, c.bot_id,
       CASE WHEN c.platform = 'chatbot-com' THEN json_extract(l.raw_json, '$.conversations') END AS conversation_count
     FROM leads l JOIN connections c ON c.id = l.connection_id WHERE l.id = ?`,
    [id]
  )
  if (!extra) return null
  const count = extra.conversation_count
  return {
    ...row,
    picture: webAddress(extra.picture),
    gender: extra.gender,
    connectionName: extra.connection_name,
    readOnly: extra.platform === 'chatzuri',
    inboxUrl: inboxLink({ platform: extra.platform, baseUrl: extra.base_url, botId: extra.bot_id }, row.remoteId),
    conversationCount: typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null,
    edits: await listLeadEdits(db, id)
  }
}
