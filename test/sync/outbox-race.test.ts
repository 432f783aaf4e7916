import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, Lead, Note } from '../../src/shared/contract'
import { Rng } from '../../src/main/sandbox/random'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startHttpApp, type HttpApp } from '../helpers/http-app'
import { platformLead } from '../helpers/platform'
import { settle } from '../helpers/settle'
import { connectAll, startTestSandbox } from '../helpers/workspace'

// Finding 1 of issue 7: an edit acknowledged while an earlier edit of the same lead is being pushed
// was merged into the row in flight, and that row was then marked delivered with only the old patch
// sent. Several callers keep editing the leads whose pushes are in flight (the platforms answer
// slowly), so an edit lands between the push reading a row and sending it.

let sandbox: RunningSandbox
let session: HttpApp
let connections: Connection[]

beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 400, chats: 20 })
  session = await startHttpApp()
  connections = await connectAll(session.app, sandbox)
  await session.call('sync.run', {})
  await session.app.sync.idle()
})
afterAll(async () => {
  await session?.close()
  await sandbox?.close()
})

const STATUSES = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'CLOSED'] as const

interface Acked {
  status?: string
  tags?: string[]
  notes?: Note[]
}

it('sends every acknowledged edit, also one made while an earlier edit of the lead is in flight', async () => {
  for (const platform of ['express-chat', 'chatbot-com'] as const) sandbox.setFaults(platform, { latencyMs: 60 })
  const writable = connections.filter((c) => !c.readOnly)
  const leads: { lead: Lead; connection: Connection }[] = []
  for (const connection of writable) {
    const page = await session.call<{ rows: Lead[] }>('leads.list', {
      connectionId: connection.id,
      kind: 'lead',
      limit: 2
    })
    for (const lead of page.rows) leads.push({ lead, connection })
  }
  expect(leads).toHaveLength(8)

  // One caller per lead, each waiting for its acknowledgement before the next edit: the last
  // acknowledged value of each field is unambiguous.
  const acked = new Map<number, Acked>()
  const rng = new Rng(7)
  await Promise.all(
    leads.map(async ({ lead }, caller) => {
      const mine: Acked = {}
      for (let i = 0; i < 14; i++) {
        const patch: Acked =
          i % 2 === 0
            ? { status: STATUSES[(i + caller) % STATUSES.length]! }
            : { tags: [`t${caller}-${i}`], notes: [{ title: `note ${caller}-${i}`, description: `edit ${i}` }] }
        await session.call('leads.update', { ids: [lead.id], patch })
        Object.assign(mine, patch)
        await new Promise((resolve) => setTimeout(resolve, Math.floor(rng.next() * 70)))
      }
      acked.set(lead.id, mine)
    })
  )

  for (const platform of ['express-chat', 'chatbot-com'] as const) sandbox.setFaults(platform, { latencyMs: 0 })
  await settle(session)

  const lost: string[] = []
  for (const { lead, connection } of leads) {
    const want = acked.get(lead.id)!
    const remote = platformLead(sandbox, connection, lead.remoteId)
    const local = await session.call<Lead>('leads.get', { id: lead.id })
    for (const field of ['status', 'tags', 'notes'] as const) {
      const expected = JSON.stringify(want[field])
      if (JSON.stringify(remote[field]) !== expected)
        lost.push(`${connection.name} ${lead.remoteId} ${field} on the platform`)
      if (JSON.stringify(local[field]) !== expected)
        lost.push(`${connection.name} ${lead.remoteId} ${field} in the app`)
    }
  }
  expect(lost).toEqual([])
  expect(await session.call('outbox.list', {})).toEqual([])
}, 120_000)
