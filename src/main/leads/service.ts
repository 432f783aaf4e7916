import type { Handlers, Lead, LeadPatch, LeadPatchField, MethodInput, OutboxEntry } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Clock } from '../clock'
import type { ConnectionService } from '../connections'
import type { Database } from '../db'
import { listOutbox, recordEdit, resolveConflict } from './outbox'
import { discardEdits, retryEdits } from './outbox-queue'
import { getLead, listLeads } from './queries'

export interface LeadDeps {
  db: Database
  /** Promoting a chat asks its connection's platform. */
  connections: Pick<ConnectionService, 'find'>
  clock: Clock
}

type Output<M extends keyof Handlers> = ReturnType<Handlers[M]>

/** The cached leads and the user's edits to them, each edit queued for its platform in the same transaction. */
export class LeadService {
  constructor(private readonly deps: LeadDeps) {}

  list(query: MethodInput<'leads.list'>): Output<'leads.list'> {
    return listLeads(this.deps.db, query)
  }

  async get(id: number): Promise<Lead> {
    const lead = await getLead(this.deps.db, id)
    if (!lead) throw new AppError('NOT_FOUND', `There is no lead with id ${id}.`)
    return lead
  }

  async update(ids: readonly number[], patch: LeadPatch): Output<'leads.update'> {
    const result = await this.deps.db.write((tx) => recordEdit(tx, ids, patch, this.deps.clock.now()))
    if (result.updated === 0)
      throw new AppError('NOT_FOUND', 'None of those leads exist (or their connection was removed).')
    return result
  }

  async promote({ id, ...details }: MethodInput<'leads.promote'>): Promise<Lead> {
    const lead = await this.get(id)
    if (lead.kind !== 'chat') throw new AppError('CONFLICT', 'This is a lead already.')
    const connection = await this.deps.connections.find(lead.connectionId)
    if (connection?.platform !== 'express-chat') {
      throw new AppError('READ_ONLY', 'Only express-chat chats can be promoted to leads.')
    }
    const patch = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined))
    await this.deps.db.write((tx) => recordEdit(tx, [id], patch, this.deps.clock.now(), 'promote'))
    return this.get(id)
  }

  outbox(connectionId?: string): Promise<OutboxEntry[]> {
    return listOutbox(this.deps.db, connectionId)
  }

  /** Waiting or failed edits made due now; returns how many and whose. */
  retry(ids: readonly number[]): Promise<{ retried: number; connectionIds: string[] }> {
    return this.deps.db.write((tx) => retryEdits(tx, ids, this.deps.clock.now()))
  }

  /** Edits dropped from the outbox, their leads back to the platform's values. */
  discard(ids: readonly number[]): Promise<{ discarded: number; connectionIds: string[] }> {
    return this.deps.db.write((tx) => discardEdits(tx, ids, this.deps.clock.now()))
  }

  /** Settles a conflict field by field; returns the connection whose edits changed. */
  resolve(id: number, choices: Partial<Record<LeadPatchField, 'mine' | 'theirs'>>): Promise<{ connectionId: string }> {
    return this.deps.db.write((tx) => resolveConflict(tx, id, choices, this.deps.clock.now()))
  }
}
