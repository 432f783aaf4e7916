import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, Lead, OutboxEntry } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startHttpApp, type HttpApp } from '../helpers/http-app'
import { platformLead } from '../helpers/platform'
import { connectAll, startTestSandbox } from '../helpers/workspace'

// Finding 2 of issue 7: an older edit that went into conflict (or failed) kept its value of a field
// after a newer edit of the same field was delivered, so the next pull showed the older value again
// and choosing "mine" pushed it over the newer one.

let sandbox: RunningSandbox
let session: HttpApp
let connection: Connection
let leads: Lead[]

beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 300, chats: 20 })
  session = await startHttpApp()
  const all = await connectAll(session.app, sandbox)
  connection = all.find((c) => c.platform === 'express-chat')!
  await session.call('sync.run', { connectionId: connection.id })
  await session.app.sync.idle()
  leads = (await session.call<{ rows: Lead[] }>('leads.list', { connectionId: connection.id, kind: 'lead', limit: 2 }))
    .rows
})
afterAll(async () => {
  await session?.close()
  await sandbox?.close()
})

const pushes = async (): Promise<void> => {
  await session.app.sync.idle()
}
const pull = async (): Promise<void> => {
  await session.call('sync.run', { connectionId: connection.id })
  await session.app.sync.idle()
}

async function changeOnPlatform(lead: Lead, status: string): Promise<void> {
  const account = sandbox.accounts.expressChat.find((a) => a.botId === connection.botId)!
  const res = await fetch(`${account.baseUrl}/inbox/direct/lead`, {
    method: 'PUT',
    headers: { 'x-bp-token': account.token, 'content-type': 'application/json' },
    body: JSON.stringify({ uuid: lead.remoteId, botId: account.botId, customerId: account.customerId, status })
  })
  expect(res.status).toBe(200)
}

it('a newer edit of a field supersedes an older edit of it that is in conflict', async () => {
  const lead = leads[0]!
  sandbox.setFaults('express-chat', { errorRate: 1 }) // edit A stays queued
  await session.call('leads.update', { ids: [lead.id], patch: { status: 'CLOSED', tags: ['from-a'] } })
  await pushes()
  sandbox.setFaults('express-chat', { errorRate: 0 })
  await changeOnPlatform(lead, 'ONHOLD') // someone else changes the status meanwhile
  await pull()
  const before = await session.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })
  expect(before.map((e) => e.state)).toEqual(['conflict'])

  // Edit B: the user sets the status again, knowing better now; it is delivered.
  await session.call('leads.update', { ids: [lead.id], patch: { status: 'REVIEW' } })
  await pushes()
  expect(platformLead(sandbox, connection, lead.remoteId).status).toBe('REVIEW')

  // The next pull must show B's value, not A's; A keeps only what B did not replace.
  await pull()
  expect((await session.call<Lead>('leads.get', { id: lead.id })).status).toBe('REVIEW')
  const after = await session.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })
  for (const entry of after) expect(Object.keys(entry.patch)).not.toContain('status')

  // Whatever is left of A can be settled or sent: the platform keeps B's status either way.
  for (const entry of after.filter((e) => e.state === 'conflict')) {
    await session.call('outbox.resolve', {
      id: entry.id,
      choices: Object.fromEntries((entry.conflicts ?? []).map((c) => [c.field, 'mine']))
    })
  }
  await pushes()
  await pull()
  const remote = platformLead(sandbox, connection, lead.remoteId)
  expect(remote.status).toBe('REVIEW')
  expect(remote.tags).toEqual(['from-a']) // the part of A that was not superseded still arrives
  expect(await session.call<Lead>('leads.get', { id: lead.id })).toMatchObject({ status: 'REVIEW', tags: ['from-a'] })
  expect(await session.call('outbox.list', { connectionId: connection.id })).toEqual([])
})

it('a newer edit of a field supersedes an older failed edit of it', async () => {
  const lead = leads[1]!
  // A: refused by the platform for its dial code (five digits), so it fails for good.
  await session.call('leads.update', { ids: [lead.id], patch: { status: 'CLOSED', phonePrefix: '12345' } })
  await pushes()
  const failed = await session.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })
  expect(failed.map((e) => e.state)).toEqual(['failed'])

  await session.call('leads.update', { ids: [lead.id], patch: { status: 'OPEN' } })
  await pushes()
  await pull()
  expect(platformLead(sandbox, connection, lead.remoteId).status).toBe('OPEN')
  expect((await session.call<Lead>('leads.get', { id: lead.id })).status).toBe('OPEN')
  const left = await session.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })
  expect(left.map((e) => [e.state, e.patch])).toEqual([['failed', { phonePrefix: '12345' }]])
})
