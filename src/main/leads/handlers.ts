import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { AppContext } from '../app-context'
import { findConnection } from '../connections/repository'
import { listOutbox, recordEdit, resolveConflict } from './outbox'
import { discardEdits, retryEdits } from './outbox-queue'
import { getLead, listLeads } from './queries'

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

export function leadHandlers(ctx: AppContext): LeadHandlers {
  const changed = (connectionIds: Iterable<string | null>): void => {
    for (const connectionId of new Set(connectionIds)) {
      ctx.events.emit('data.changed', { entity: 'leads', connectionId })
      ctx.events.emit('data.changed', { entity: 'outbox', connectionId })
    }
  }

  return {
    'leads.list': (query) => listLeads(ctx.db, query),

    'leads.get': async ({ id }) => {
      const lead = await getLead(ctx.db, id)
      if (!lead) throw new AppError('NOT_FOUND', `There is no lead with id ${id}.`)
      return lead
    },

    'leads.update': async ({ ids, patch }) => {
      const result = await ctx.db.write((tx) => recordEdit(tx, ids, patch, ctx.now()))
      if (result.updated === 0)
        throw new AppError('NOT_FOUND', 'None of those leads exist (or their connection was removed).')
      changed([null])
      // Committed: now it may go out. Offline, it waits in the outbox and survives restarts.
      ctx.sync.pushSoon()
      return result
    },

    'leads.promote': async ({ id, ...details }) => {
      const lead = await getLead(ctx.db, id)
      if (!lead) throw new AppError('NOT_FOUND', `There is no lead with id ${id}.`)
      if (lead.kind !== 'chat') throw new AppError('CONFLICT', 'This is a lead already.')
      const connection = await findConnection(ctx.db, lead.connectionId)
      if (connection?.platform !== 'express-chat') {
        throw new AppError('READ_ONLY', 'Only express-chat chats can be promoted to leads.')
      }
      const patch = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined))
      await ctx.db.write((tx) => recordEdit(tx, [id], patch, ctx.now(), 'promote'))
      changed([lead.connectionId])
      ctx.sync.pushSoon()
      return (await getLead(ctx.db, id))!
    },

    'outbox.list': ({ connectionId }) => listOutbox(ctx.db, connectionId),

    'outbox.resolve': async ({ id, choices }) => {
      const { connectionId } = await ctx.db.write((tx) => resolveConflict(tx, id, choices, ctx.now()))
      changed([connectionId])
      ctx.sync.pushSoon()
      return { ok: true as const }
    },

    'outbox.retry': async ({ ids }) => {
      const { retried, connectionIds } = await ctx.db.write((tx) => retryEdits(tx, ids, ctx.now()))
      changed(connectionIds)
      ctx.sync.pushNow(connectionIds)
      return { retried }
    },

    'outbox.discard': async ({ ids }) => {
      const { discarded, connectionIds } = await ctx.db.write((tx) => discardEdits(tx, ids, ctx.now()))
      changed(connectionIds)
      return { discarded }
    }
  }
}
