import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Clock } from '../clock'
import type { ConnectionService } from '../connections'
import type { Database } from '../db'
import { ProviderError } from '../providers'
import { readSavedConversations, saveConversations } from './conversations-store'
import { readLeadDetail } from './detail-store'

type DetailHandlers = Pick<Handlers, 'leads.detail' | 'leads.conversations'>

const CONVERSATIONS_TIMEOUT_MS = 15_000

/**
 * The detail panel's reads: the lead as cached, and the conversations its platform lists: asked
 * live and kept, so that offline the last list read is shown, with its age and why it is not new.
 */
export function detailHandlers({
  db,
  connections,
  clock
}: {
  db: Database
  connections: Pick<ConnectionService, 'find' | 'connectorFor'>
  clock: Clock
}): DetailHandlers {
  const detail = async (id: number): ReturnType<Handlers['leads.detail']> => {
    const lead = await readLeadDetail(db, id)
    if (!lead) throw new AppError('NOT_FOUND', `There is no lead with id ${id}.`)
    return lead
  }
  return {
    'leads.detail': ({ id }) => detail(id),
    'leads.conversations': async ({ id }) => {
      const lead = await detail(id)
      const connection = await connections.find(lead.connectionId)
      const none = { listed: false, conversations: [], savedAt: null, unreachable: null }
      if (!connection || connection.archived) return none
      const connector = await connections.connectorFor(connection)
      if (!connector.conversations) return none
      try {
        const conversations = await connector.conversations(
          lead.remoteId,
          AbortSignal.timeout(CONVERSATIONS_TIMEOUT_MS)
        )
        await saveConversations(db, id, conversations, clock.now())
        return { listed: true, conversations, savedAt: null, unreachable: null }
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err
        // Offline or refused: the list last read, with its age and the reason, or the reason alone.
        const message = `${connection.name}: ${err.message}`
        const saved = await readSavedConversations(db, id)
        if (!saved) throw new AppError('PROVIDER_ERROR', message)
        return { listed: true, conversations: saved.conversations, savedAt: saved.fetchedAt, unreachable: message }
      }
    }
  }
}
