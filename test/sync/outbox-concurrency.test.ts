import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, Lead, LeadPatch, LeadPatchField } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { Rng } from '../../src/main/sandbox/random'
import { startHttpApp, type HttpApp } from '../helpers/http-app'
import { platformLeads } from '../helpers/platform'
import { settle } from '../helpers/settle'
import { connectAll, startTestSandbox } from '../helpers/workspace'

/*
 * The outbox under concurrency, against the sandbox over HTTP with its latency, 500, malformed and
 * truncated faults on: several callers edit the same few leads through the HTTP API while pushes
 * (after each edit) and pulls (at random moments) are in flight. At the end every edited field on
 * the platform must equal the last acknowledged value, none lost, none reverted, none doubled.
 *
 * An interleaving is an acknowledged edit during which a push or a pull of its lead's connection
 * was in flight (seen when the request went out or when its acknowledgement came back).
 * Replay a run with OUTBOX_SEED=<the printed seed>.
 */

const SEED = Number(process.env.OUTBOX_SEED ?? Math.floor(Math.random() * 2 ** 31))
const WANTED_INTERLEAVINGS = Number(process.env.OUTBOX_INTERLEAVINGS ?? 1000)
const CALLERS = 4
const MAX_MS = 75_000
const FIELDS: LeadPatchField[] = ['status', 'tags', 'notes', 'name']
const STATUSES = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED'] as const
const FAULTS = { latencyMs: 3, errorRate: 0.08, malformedRate: 0.04, truncateRate: 0.04 }

interface Edit {
  leadId: number
  patch: LeadPatch
  sentAt: number
  ackAt: number
}

let sandbox: RunningSandbox
let session: HttpApp
let connections: Connection[]

beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 200, chats: 10 })
  session = await startHttpApp()
  connections = (await connectAll(session.app, sandbox)).filter((c) => !c.readOnly)
  await session.call('sync.run', {})
  await session.app.sync.idle()
})
afterAll(async () => {
  await session?.close()
  await sandbox?.close()
})

const value = (field: LeadPatchField, patch: LeadPatch): string => JSON.stringify(patch[field] ?? null)

it(`keeps the last acknowledged value of every field through ${WANTED_INTERLEAVINGS}+ interleavings`, async () => {
  console.log(`outbox concurrency: seed ${SEED} (replay with OUTBOX_SEED=${SEED})`)
  const rng = new Rng(SEED)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!
  // Three leads on each of three writable connections (two express-chat bots and ChatBot.com).
  const chosen = [connections[0]!, connections[1]!, connections.find((c) => c.platform === 'chatbot-com')!]
  const pool: { lead: Lead; connection: Connection }[] = []
  for (const connection of chosen) {
    const { rows } = await session.call<{ rows: Lead[] }>('leads.list', {
      connectionId: connection.id,
      kind: 'lead',
      limit: 3
    })
    for (const lead of rows) pool.push({ lead, connection })
  }
  const recordsBefore = new Map(chosen.map((c) => [c.id, platformLeads(sandbox, c).size]))
  for (const platform of ['express-chat', 'chatbot-com'] as const) sandbox.setFaults(platform, FAULTS)

  const inFlight = async (connectionId: string): Promise<boolean> => {
    const row = await session.app.db.get<{ n: number }>(
      `SELECT (SELECT count(*) FROM outbox WHERE connection_id = ? AND state = 'sending')
            + (SELECT count(*) FROM connections WHERE id = ? AND state = 'syncing') AS n`,
      [connectionId, connectionId]
    )
    return (row?.n ?? 0) > 0
  }

  const edits: Edit[] = []
  let interleavings = 0
  let refused = 0
  let pulls = 0
  let counter = 0
  const started = Date.now()
  const done = (): boolean => interleavings >= WANTED_INTERLEAVINGS || Date.now() - started > MAX_MS

  const caller = async (me: number): Promise<void> => {
    while (!done()) {
      const { lead, connection } = pick(pool)
      const fields = FIELDS.filter(() => rng.next() < 0.45)
      if (fields.length === 0) fields.push(pick(FIELDS))
      const n = ++counter
      const patch: LeadPatch = {}
      for (const field of fields) {
        if (field === 'status') patch.status = pick(STATUSES)
        if (field === 'tags') patch.tags = [`c${me}-${n}`, 'shared']
        if (field === 'notes') patch.notes = [{ title: `note ${me}-${n}`, description: `edit ${n}` }]
        if (field === 'name') patch.name = `Lead ${me}-${n}`
      }
      const sentAt = performance.now()
      const before = await inFlight(connection.id)
      const reply = await session.callRaw('leads.update', { ids: [lead.id], patch })
      const ackAt = performance.now()
      if (!reply.ok) {
        refused++
        continue
      }
      edits.push({ leadId: lead.id, patch, sentAt, ackAt })
      if (before || (await inFlight(connection.id))) interleavings++
      await new Promise((resolve) => setTimeout(resolve, Math.floor(rng.next() * 15)))
    }
  }
  const puller = async (): Promise<void> => {
    while (!done()) {
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.floor(rng.next() * 200)))
      await session.call('sync.run', {})
      pulls++
    }
  }
  await Promise.all([...Array.from({ length: CALLERS }, (_, i) => caller(i)), puller()])
  const editingMs = Date.now() - started

  // What the app shows right after the last acknowledgement: each field must hold the value of an
  // edit that no other edit of it followed (concurrent edits of one field may land in either order).
  const snapshot = new Map<number, Lead>()
  for (const { lead } of pool) snapshot.set(lead.id, await session.call<Lead>('leads.get', { id: lead.id }))

  for (const platform of ['express-chat', 'chatbot-com'] as const) {
    sandbox.setFaults(platform, { latencyMs: 0, errorRate: 0, malformedRate: 0, truncateRate: 0 })
  }
  const final = await settle(session)
  const conflicts = final.connections.reduce((n, c) => n + c.conflicts, 0)

  let checked = 0
  let lost = 0
  let reverted = 0
  const problems: string[] = []
  for (const { lead, connection } of pool) {
    const remote = platformLeads(sandbox, connection).get(lead.remoteId)!
    const shownThen = snapshot.get(lead.id)!
    const shownNow = await session.call<Lead>('leads.get', { id: lead.id })
    for (const field of FIELDS) {
      const mine = edits.filter((e) => e.leadId === lead.id && e.patch[field] !== undefined)
      if (mine.length === 0) continue
      checked++
      const last = mine.filter((e) => !mine.some((later) => later.sentAt > e.ackAt)).map((e) => value(field, e.patch))
      const then = JSON.stringify((shownThen as Record<string, unknown>)[field] ?? null)
      const now = JSON.stringify((shownNow as Record<string, unknown>)[field] ?? null)
      const onPlatform = JSON.stringify((remote as unknown as Record<string, unknown>)[field] ?? null)
      if (!last.includes(then)) {
        lost++
        problems.push(`${lead.remoteId} ${field}: shown ${then}, last acknowledged ${last.join(' or ')}`)
      } else if (onPlatform !== then) {
        lost++
        problems.push(`${lead.remoteId} ${field}: platform ${onPlatform}, acknowledged ${then}`)
      }
      if (now !== then) {
        reverted++
        problems.push(`${lead.remoteId} ${field}: shown ${then} before the last sync, ${now} after`)
      }
    }
    // Lists are replaced whole, never appended to: a repeated write must not show twice.
    if (new Set(remote.notes.map((n) => JSON.stringify(n))).size !== remote.notes.length) {
      problems.push(`${lead.remoteId}: a note shows twice`)
    }
  }
  const doubled = chosen.filter((c) => platformLeads(sandbox, c).size !== recordsBefore.get(c.id)).length

  console.log(
    `outbox concurrency: seed ${SEED}, interleavings ${interleavings}, edits ${edits.length} acknowledged ` +
      `(${refused} refused), pulls ${pulls}, platform writes ${sandbox.writes().length}, fields checked ${checked}, ` +
      `lost ${lost}, reverted ${reverted}, conflicts ${conflicts}, extra records ${doubled}, ` +
      `editing ${(editingMs / 1000).toFixed(1)} s`
  )
  expect(problems).toEqual([])
  expect({ lost, reverted, conflicts, doubled, refused }).toEqual({
    lost: 0,
    reverted: 0,
    conflicts: 0,
    doubled: 0,
    refused: 0
  })
  expect(interleavings).toBeGreaterThanOrEqual(WANTED_INTERLEAVINGS)
  expect(checked).toBeGreaterThan(0)
  expect(await session.call('outbox.list', {})).toEqual([])
}, 180_000)
