import type { Attribute, Connection, Note } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import {
  countImported,
  localImportedLeads,
  markPushed,
  markPushing,
  moveImportedLead,
  type LocalImportedRow as LocalRow
} from '../../leads'
import { ProviderError, type Connector, type LocalLead } from '../../providers'
import { asProviderError, backoffMs, DEFAULT_RETRY, sleep } from '../../sync'
import type { Progress } from './analyze'
import type { ImportDeps } from './deps'
import { findImport } from './import-store'

type PushDeps = Pick<ImportDeps, 'db' | 'events' | 'clock' | 'connections'>

function toLocalLead(row: LocalRow): LocalLead {
  return {
    clientId: row.remote_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    phonePrefix: row.phone_prefix,
    status: row.status,
    agent: row.agent,
    city: row.city,
    country: row.country,
    tags: JSON.parse(row.tags_json) as string[],
    notes: JSON.parse(row.notes_json) as Note[],
    attributes: JSON.parse(row.attributes_json) as Attribute[]
  }
}

const BATCH = 100

export interface PushImportResult {
  pushed: number
  failed: number
  messages: string[]
}

async function target(ctx: PushDeps, importId: number, connectionId: string | null): Promise<Connection> {
  const record = await findImport(ctx.db, importId)
  if (!record) throw new AppError('NOT_FOUND', `There is no import ${importId}.`)
  if (record.state === 'reverted') throw new AppError('CONFLICT', 'This import was reverted: it has nothing to push.')
  const id = connectionId ?? record.connectionId
  const connection = id ? await ctx.connections.find(id) : null
  if (!connection || connection.archived) throw new AppError('NOT_FOUND', 'Choose a connection to push the leads to.')
  if (connection.readOnly)
    throw new AppError('READ_ONLY', `${connection.name} takes no new leads: choose another connection.`)
  return connection
}

/**
 * Creates one local lead on the platform, so that a retry can never make a second one: the lead
 * is marked "pushing" (committed) before the first request, and any attempt after that (a lost
 * reply, or a push that died midway in an earlier run) first asks the platform whether it has the
 * lead's client id already.
 */
async function pushOne(
  ctx: PushDeps,
  connector: Connector,
  row: LocalRow,
  signal: AbortSignal
): Promise<{ remoteId: string; warning?: string }> {
  const create = connector.createLead!.bind(connector)
  let since = row.push_attempted_at
  if (row.import_state === 'local' || since === null) {
    const at = ctx.clock.now()
    since = at
    await ctx.db.write((tx) => markPushing(tx, row.id, at))
  }
  let tried = row.import_state === 'pushing'
  for (let attempt = 0; ; attempt++) {
    try {
      if (tried && connector.findCreated) {
        const found = await connector.findCreated(row.remote_id, since, signal)
        if (found) return { remoteId: found }
      }
      tried = true
      return await create(toLocalLead(row), signal)
    } catch (err) {
      if (signal.aborted) throw signal.reason as Error
      const error = asProviderError(err)
      if (!error.retryable || attempt + 1 >= DEFAULT_RETRY.attempts) throw error
      await sleep(backoffMs(attempt, DEFAULT_RETRY, error.retryAfterSeconds), signal)
    }
  }
}

/**
 * Pushes the local leads of an import to a connection that accepts new leads (moving them to it
 * first if they were imported under another). One lead at a time, each settled in its own
 * transaction: an interrupted push resumes where it stopped, and never creates a lead twice.
 */
export async function pushImport(
  ctx: PushDeps,
  importId: number,
  connectionId: string | null,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal = new AbortController().signal
): Promise<PushImportResult> {
  const connection = await target(ctx, importId, connectionId)
  const connector = await ctx.connections.connectorFor(connection)
  if (!connector.createLead) throw new AppError('READ_ONLY', `${connection.name} takes no new leads.`)
  const total = await countImported(ctx.db, importId, 'local')
  const result: PushImportResult = { pushed: 0, failed: 0, messages: [] }
  const failed = new Set<number>()
  for (;;) {
    if (signal.aborted)
      throw new AppError('CANCELLED', `Push stopped: ${result.pushed} lead(s) pushed, the rest stay local.`)
    const rows = await localImportedLeads(ctx.db, importId, BATCH + failed.size)
    const todo = rows.filter((r) => !failed.has(r.id))
    if (todo.length === 0) break
    for (const row of todo) {
      if (signal.aborted) break
      if (row.connection_id !== connection.id) {
        await ctx.db.write((tx) => moveImportedLead(tx, row.id, connection.id))
        row.connection_id = connection.id
      }
      try {
        const outcome = await pushOne(ctx, connector, row, signal)
        await ctx.db.write((tx) => markPushed(tx, row.id, connection.id, outcome.remoteId, ctx.clock.now()))
        result.pushed++
        if (outcome.warning && result.messages.length < 20) result.messages.push(outcome.warning)
      } catch (err) {
        if (signal.aborted) break
        const error = asProviderError(err)
        if (error.kind === 'bad-request' || error.kind === 'not-found') {
          // This lead only: the platform refused its values. It stays local; the others go on.
          failed.add(row.id)
          result.failed++
          if (result.messages.length < 20)
            result.messages.push(`${row.name ?? row.email ?? row.phone ?? `Lead ${row.id}`}: ${error.message}`)
          continue
        }
        throw error instanceof ProviderError && error.kind === 'unauthorized'
          ? new AppError('UNAUTHORIZED', `${connection.name} refused the token: enter it again, then push again.`)
          : new AppError('PROVIDER_ERROR', `Push stopped after ${result.pushed} lead(s): ${error.message}`)
      }
      onProgress({
        rows: result.pushed + result.failed,
        fraction: total > 0 ? (result.pushed + result.failed) / total : null
      })
    }
  }
  ctx.events.emit('data.changed', { entity: 'leads', connectionId: connection.id })
  return result
}
