import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Connection, SyncProgress } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { createConnector } from '../../src/main/providers'
import { CHATBOT_COM } from '../../src/main/providers/decisions'
import { pull } from '../../src/main/sync/pull'
import { startTestApp, type TestApp } from '../helpers/app'
import { sandboxRecords, startTestSandbox } from '../helpers/workspace'

// The progress estimate is a pure function of counts: records read so far over records expected.
// These tests pull one ChatBot.com account page by page (one batch per page of 40) with a known
// number of records, so every reported fraction can be computed here from the counts alone.

let app: TestApp
let sandbox: RunningSandbox
let connection: Connection
let total: number

beforeEach(async () => {
  sandbox = await startTestSandbox()
  app = await startTestApp()
  const account = sandbox.accounts.chatbotCom[0]!
  connection = await app.call<Connection>('connections.create', {
    platform: 'chatbot-com',
    name: 'ChatBot.com',
    baseUrl: account.baseUrl,
    token: account.token
  })
  total = sandboxRecords(sandbox, connection).size
})
afterEach(async () => {
  await app.dispose()
  await sandbox.close()
})

async function pullReporting(expectedRecords: number): Promise<Omit<SyncProgress, 'connectionId'>[]> {
  const account = sandbox.accounts.chatbotCom[0]!
  const events: Omit<SyncProgress, 'connectionId'>[] = []
  await pull({
    db: app.db,
    connectionId: connection.id,
    connector: createConnector({ platform: 'chatbot-com', baseUrl: account.baseUrl, token: account.token }),
    signal: new AbortController().signal,
    logger: app.logger,
    batchRows: CHATBOT_COM.maxLimit,
    expectedRecords,
    onProgress: (p) => events.push(p)
  })
  return events
}

/** Records read after each page: 40, 80, …, total (one more, empty, page when total is a multiple of 40). */
function recordsAfterEachPage(): number[] {
  const pages = Math.floor(total / CHATBOT_COM.maxLimit) + 1
  return Array.from({ length: pages }, (_, i) => Math.min(total, (i + 1) * CHATBOT_COM.maxLimit))
}

it('reports records read over records expected after every page, and 1 only when done', async () => {
  expect(total).toBeGreaterThan(3 * CHATBOT_COM.maxLimit)
  const events = await pullReporting(total)
  const pulling = events.filter((e) => e.phase === 'pulling')
  const after = recordsAfterEachPage()
  expect(pulling.map((e) => e.records)).toEqual([0, ...after])
  expect(pulling.map((e) => e.pages)).toEqual([0, ...after.map((_, i) => i + 1)])
  // Below the expected count the fraction is exactly the share read; at it, the bar stops short of full
  // until the pass has really ended.
  expect(pulling.map((e) => e.fraction)).toEqual([0, ...after.map((records) => Math.min(0.99, records / total))])
  expect(pulling.slice(1).every((e) => e.etaSeconds !== null)).toBe(true)
  expect(events.at(-1)).toMatchObject({ phase: 'done', records: total, fraction: 1 })
})

it('a first sync, with nothing expected yet, reports counts and no fraction until done', async () => {
  const events = await pullReporting(0)
  const pulling = events.filter((e) => e.phase === 'pulling')
  expect(pulling.map((e) => e.records)).toEqual([0, ...recordsAfterEachPage()])
  expect(pulling.every((e) => e.fraction === null && e.etaSeconds === null)).toBe(true)
  expect(events.at(-1)).toMatchObject({ phase: 'done', records: total, fraction: 1 })
})
