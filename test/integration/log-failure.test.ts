import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileLogger } from '../../src/main/logger'
import { createRouter } from '../../src/main/rpc/router'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import type { Connection } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { tempDir } from '../helpers/temp-dir'
import { invokeOver } from '../helpers/http'

// Finding 5, logging part: once the log file cannot grow, a request must still get its real answer.

let app: TestApp
let server: RunningHttpServer
let failing: RunningHttpServer
let logFile: string

beforeAll(async () => {
  app = await startTestApp()
  logFile = join(app.dataDir, 'logs', 'lead-manager.log')
  server = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir: null })
  // The real handlers, but one fails unexpectedly, which the router logs in full.
  const dispatch = createRouter(
    {
      ...app.handlers,
      'sync.status': () => Promise.reject(new Error('the disk caught fire'))
    },
    { logger: app.logger }
  )
  failing = await startHttpServer({ dispatch, events: app.events, staticDir: null })
  // The log file cannot be written any more: a directory stands where it was.
  rmSync(logFile, { force: true })
  mkdirSync(logFile)
})
afterAll(async () => {
  await server.close()
  await failing.close()
  await app.dispose()
})

it('answers a call that logs (creating a connection) with its result', async () => {
  const reply = await invokeOver(server, 'connections.create', {
    platform: 'chatzuri',
    name: 'Logged nowhere',
    agentId: 'agent-1',
    token: 'a-token-that-works-1234'
  })
  expect(reply.status).toBe(200)
  expect(reply.json).toMatchObject({ ok: true, result: { name: 'Logged nowhere' } })
  expect((await app.call<Connection[]>('connections.list')).map((c) => c.name)).toContain('Logged nowhere')
})

it('answers an unexpected failure as INTERNAL, not as an unreadable request', async () => {
  const reply = await invokeOver(failing, 'sync.status', {})
  expect(reply.json).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  expect(JSON.stringify(reply.json)).not.toMatch(/could not be read/)
})

it('answers a contract error with what was wrong with the input', async () => {
  const reply = await invokeOver(server, 'leads.get', { id: 'x' })
  expect(reply.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
})

it('the logger swallows and counts its own failures, and writes again once it can', async () => {
  const dir = await tempDir()
  try {
    const file = join(dir.path, 'app.log')
    mkdirSync(file)
    const logger = fileLogger(file, { quiet: true })
    expect(() => logger.error('first', new Error('x'))).not.toThrow()
    expect(() => logger.info('second')).not.toThrow()
    expect(logger.failures).toBe(2)
    rmSync(file, { recursive: true })
    logger.warn('third')
    expect(readFileSync(file, 'utf8')).toMatch(/WARN third/)
    expect(logger.failures).toBe(2)
  } finally {
    await dir.cleanup()
  }
})
