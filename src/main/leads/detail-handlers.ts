import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { ConnectionService } from '../connections'
import type { Database } from '../db'
import { ProviderError } from '../providers'
import { readLeadDetail } from './detail-store'

type DetailHandlers = Pick<Handlers, 'leads.detail' | 'leads.conversations'>

const CONVERSATIONS_TIMEOUT_MS = 15_000

/** The detail panel's reads: the lead as cached, and the conversations its platform lists (asked live). */
export function detailHandlers({
  db,
  connections
}: {
  db: Database
  connections: Pick<ConnectionService, 'find' | 'connectorFor'>
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
      if (!connection || connection.archived) return { listed: false, conversations: [] }
      const connector = await connections.connectorFor(connection)
      if (!connector.conversations) return { listed: false, conversations: [] }
      try {
        const conversations = await connector.conversations(
          lead.remoteId,
          AbortSignal.timeout(CONVERSATIONS_TIMEOUT_MS)
        )
        return { listed: true, conversations }
      } catch (err) {
        // Offline or refused: the panel says so in words; the rest of the lead shows from the cache.
        if (err instanceof ProviderError) throw new AppError('PROVIDER_ERROR', `${connection.name}: ${err.message}`)
        throw err
      }
    }
  }
}
