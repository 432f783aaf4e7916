import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, Lead, OutboxEntry } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startHttpApp, type HttpApp } from '../helpers/http-app'
import { platformLead } from '../helpers/platform'
import { connectAll, startTestSandbox } from '../helpers/workspace'

// Finding 6 of issue 7: with malformed replies a write was retried 6 times while `attempts` said 1,
// and an edit that failed for good stayed forever with no way to retry or discard it.

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
  leads = (await session.call<{ rows: Lead[] }>('leads.list', { connectionId: connection.id, kind: 'lead', limit: 4 }))
    .rows
})
afterAll(async () => {
  await session?.close()
  await sandbox?.close()
})

const pushes = async (): Promise<void> => {
  await session.app.sync.idle()
}
const entriesOf = async (lead: Lead): Promise<OutboxEntry[]> =>
  (await session.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })).filter(
    (e) => e.leadId === lead.id
  )
const writesFor = (lead: Lead): number =>
  sandbox.writes('express-chat').filter((w) => JSON.stringify(w.body).includes(lead.remoteId)).length

it('counts every attempt to send an edit, retries included', async () => {
  const lead = leads[0]!
  sandbox.setFaults('express-chat', { malformedRate: 1 }) // applied, but the reply cannot be read
  await session.call('leads.update', { ids: [lead.id], patch: { status: 'ONHOLD' } })
  await pushes()
  sandbox.setFaults('express-chat', { malformedRate: 0 })
  const [entry] = await entriesOf(lead)
  expect(writesFor(lead)).toBeGreaterThan(1)
  expect(entry!.attempts).toBe(writesFor(lead))
  expect(entry!.lastError).toMatch(/not valid JSON/)
})

it('retries a waiting edit at once when asked', async () => {
  const lead = leads[1]!
  sandbox.setFaults('express-chat', { errorRate: 1 })
  await session.call('leads.update', { ids: [lead.id], patch: { status: 'REVIEW' } })
  await pushes()
  sandbox.setFaults('express-chat', { errorRate: 0 })
  const [waiting] = await entriesOf(lead)
  expect(waiting).toMatchObject({ state: 'pending' })

  expect(await session.call('outbox.retry', { ids: [waiting!.id] })).toEqual({ retried: 1 })
  await pushes()
  expect(await entriesOf(lead)).toEqual([])
  expect(platformLead(sandbox, connection, lead.remoteId).status).toBe('REVIEW')
})

it('retries a failed edit when asked, and counts that attempt too', async () => {
  const lead = leads[2]!
  await session.call('leads.update', { ids: [lead.id], patch: { phonePrefix: '12345' } }) // five digits: refused
  await pushes()
  const [failed] = await entriesOf(lead)
  expect(failed).toMatchObject({ state: 'failed', attempts: 1 })
  expect(failed!.lastError).toMatch(/dialCode/)

  expect(await session.call('outbox.retry', { ids: [failed!.id] })).toEqual({ retried: 1 })
  await pushes()
  const [again] = await entriesOf(lead)
  expect(again).toMatchObject({ id: failed!.id, state: 'failed', attempts: 2 })
})

it('discards a failed edit and shows the platform value again', async () => {
  const lead = leads[3]!
  const remoteBefore = platformLead(sandbox, connection, lead.remoteId)
  await session.call('leads.update', {
    ids: [lead.id],
    patch: { status: remoteBefore.status === 'CLOSED' ? 'OPEN' : 'CLOSED', phonePrefix: '98765' }
  })
  await pushes()
  const [failed] = await entriesOf(lead)
  expect(failed).toMatchObject({ state: 'failed' })

  expect(await session.call('outbox.discard', { ids: [failed!.id] })).toEqual({ discarded: 1 })
  expect(await entriesOf(lead)).toEqual([])
  const shown = await session.call<Lead>('leads.get', { id: lead.id })
  expect({ status: shown.status, phonePrefix: shown.phonePrefix, pendingEdits: shown.pendingEdits }).toEqual({
    status: remoteBefore.status,
    phonePrefix: remoteBefore.phonePrefix,
    pendingEdits: 0
  })
  // Nothing of it is sent later either.
  await session.call('sync.run', { connectionId: connection.id })
  await session.app.sync.idle()
  expect(platformLead(sandbox, connection, lead.remoteId).status).toBe(remoteBefore.status)

  const unknown = await session.callRaw('outbox.discard', { ids: [failed!.id] })
  expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
})
