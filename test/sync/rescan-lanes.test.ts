import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import { startTestApp, type TestApp } from '../helpers/app'
import { compareWithSandbox, connectAll, expectIdentical, startTestSandbox, syncAndWait } from '../helpers/workspace'

/*
 * A ChatBot.com re-scan reads in lanes started after users the cache holds, and leaves out of the
 * write what it holds unchanged: what changed anywhere on the platform since the last sync (in any
 * lane, at any lane's edge) and what was created since must still all reach the cache.
 */

let app: TestApp
let sandbox: RunningSandbox
let chatbot: Connection

beforeEach(async () => {
  sandbox = await startTestSandbox()
  app = await startTestApp()
  chatbot = (await connectAll(app, sandbox)).find((c) => c.platform === 'chatbot-com')!
})
afterEach(async () => {
  await app.dispose()
  await sandbox.close()
})

/** Once, on the platform: that fraction of the users change, and that fraction arrive new. */
async function churn(changed: number, inserted: number): Promise<{ changed: number; inserted: number }> {
  const response = await fetch(`${sandbox.adminUrl}/churn`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'chatbot-com', changed, inserted })
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { changed: number; inserted: number }
}

it('a re-scan stores every user changed or created on the platform since the last sync', async () => {
  await syncAndWait(app)
  expectIdentical(await compareWithSandbox(app, sandbox, [chatbot]))
  for (let round = 0; round < 3; round++) {
    const done = await churn(0.2, 0.05)
    expect(done.changed).toBeGreaterThan(10)
    const [before] = await compareWithSandbox(app, sandbox, [chatbot])
    expect(before!.differing).toBeGreaterThan(0)
    expect(before!.lost).toBeGreaterThan(0)
    await syncAndWait(app)
    expectIdentical(await compareWithSandbox(app, sandbox, [chatbot]))
  }
})
