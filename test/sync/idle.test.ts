import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, Lead } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startHttpApp, type HttpApp } from '../helpers/http-app'
import { platformLead } from '../helpers/platform'
import { connectAll, startTestSandbox } from '../helpers/workspace'

// Tests wait for "the push that follows an edit" with sync.idle(). It used to wait only for lanes
// already running, so it returned before a push that was scheduled but not yet started: tests slept
// 400 ms and hoped, and on a loaded machine the push began later than that (outbox-supersede failed
// in a full run at load 22). Failed on f28d88e: the platform still had the old status.

let sandbox: RunningSandbox
let session: HttpApp
let connection: Connection
let lead: Lead

beforeAll(async () => {
  sandbox = await startTestSandbox({ leads: 50, chats: 0 })
  session = await startHttpApp()
  connection = (await connectAll(session.app, sandbox)).find((c) => c.platform === 'express-chat')!
  await session.call('sync.run', { connectionId: connection.id })
  await session.app.sync.idle()
  lead = (await session.call<{ rows: Lead[] }>('leads.list', { connectionId: connection.id, kind: 'lead', limit: 1 }))
    .rows[0]!
})
afterAll(async () => {
  await session?.close()
  await sandbox?.close()
})

it('idle() waits for the push an edit scheduled, not only for what already runs', async () => {
  const status = lead.status === 'REVIEW' ? 'ONHOLD' : 'REVIEW'
  await session.call('leads.update', { ids: [lead.id], patch: { status } })
  await session.app.sync.idle()
  expect(platformLead(sandbox, connection, lead.remoteId).status).toBe(status)
  expect(await session.call('outbox.list', { connectionId: connection.id })).toEqual([])
})
