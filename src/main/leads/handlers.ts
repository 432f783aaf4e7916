import type { Handlers } from '../../shared/contract'
import type { EventBus } from '../events'
import type { LeadService } from './service'

type LeadHandlers = Pick<
  Handlers,
  | 'leads.list'
  | 'leads.get'
  | 'leads.update'
  | 'leads.promote'
  | 'outbox.list'
  | 'outbox.resolve'
  | 'outbox.retry'
  | 'outbox.discard'
>

export function leadHandlers({
  leads,
  sync,
  events
}: {
  leads: LeadService
  /** The sync service: a committed edit may go out soon. Offline, it waits in the outbox and survives restarts. */
  sync: { pushSoon(): void; pushNow(connectionIds: readonly string[]): void }
  events: EventBus
}): LeadHandlers {
  const changed = (connectionIds: Iterable<string | null>): void => {
    for (const connectionId of new Set(connectionIds)) {
      events.emit('data.changed', { entity: 'leads', connectionId })
      events.emit('data.changed', { entity: 'outbox', connectionId })
    }
  }

  return {
    'leads.list': (query) => leads.list(query),
    'leads.get': ({ id }) => leads.get(id),
    'leads.update': async ({ ids, patch }) => {
      const result = await leads.update(ids, patch)
      changed([null])
      sync.pushSoon()
      return result
    },
    'leads.promote': async (input) => {
      const lead = await leads.promote(input)
      changed([lead.connectionId])
      sync.pushSoon()
      return lead
    },
    'outbox.list': ({ connectionId }) => leads.outbox(connectionId),
    'outbox.resolve': async ({ id, choices }) => {
      const { connectionId } = await leads.resolve(id, choices)
      changed([connectionId])
      sync.pushSoon()
      return { ok: true as const }
    },
    'outbox.retry': async ({ ids }) => {
      const { retried, connectionIds } = await leads.retry(ids)
      changed(connectionIds)
      sync.pushNow(connectionIds)
      return { retried }
    },
    'outbox.discard': async ({ ids }) => {
      const { discarded, connectionIds } = await leads.discard(ids)
      changed(connectionIds)
      return { discarded }
    }
  }
}
