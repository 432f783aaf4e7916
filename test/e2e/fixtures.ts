import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect, type Page, type TestInfo } from '@playwright/test'
import type { EventName, MethodInput, MethodName, MethodOutput } from '../../src/shared/contract'
import type { RpcResult } from '../../src/shared/contract/errors'

export const ROOT = resolve(__dirname, '../..')
const RENDERER_INDEX = join(ROOT, 'out', 'renderer', 'index.html')
/** Browser mode as built (npm run build): the tests run what ships, not the sources through tsx. */
const BROWSER_ENTRY = join(ROOT, 'out', 'main', 'browser.js')
const READY_LINE = /Lead Manager is running at (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/
const START_TIMEOUT_MS = 30_000

export class RpcFailure extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string
  ) {
    super(`${method} failed with ${code}: ${message}`)
  }
}

export interface PushedEvent {
  name: EventName
  payload: unknown
}

export interface LeadManagerServer {
  /** The link browser mode printed, token included. */
  url: string
  origin: string
  token: string
  dataDir: string
  logFile: string
  /** Calls the API as the page would; throws RpcFailure on `{ok:false}`. */
  rpc<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  /** The raw `{ok, result|error}` reply. */
  rpcRaw(method: string, input: unknown): Promise<RpcResult<unknown>>
  /** Every event pushed on /api/events since the server started. */
  events: PushedEvent[]
  /** Everything the process wrote to stdout and stderr. */
  output(): string
}

export interface RecordedReply {
  method: string
  status: number
  body: string
}

export interface ServerOptions {
  /** Extra environment for the browser-mode process (e.g. SANDBOX_ADMIN_TOKEN). */
  serverEnv: Record<string, string>
}

interface Fixtures {
  server: LeadManagerServer
  /** Every /api/invoke reply the page received, bodies read in full. */
  replies: () => Promise<RecordedReply[]>
  /** Console errors and CSP violations seen in the page. */
  consoleErrors: string[]
  /** The page, opened on the app and past its first load. */
  app: Page
}

async function startServer(
  dataDir: string,
  env: Record<string, string>
): Promise<{ child: ChildProcess; server: LeadManagerServer }> {
  const child = spawn(process.execPath, [BROWSER_ENTRY, '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    // Replies are checked against the contract; retries back off in milliseconds, not seconds.
    env: { ...process.env, LEADS_VALIDATE_OUTPUT: '1', LEADS_RETRY_BASE_MS: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))

  const [origin, token] = await new Promise<[string, string]>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS
    )
    const check = (): void => {
      const match = READY_LINE.exec(output)
      if (match?.[1] && match[2]) {
        clearTimeout(timer)
        resolvePromise([match[1], match[2]])
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`browser mode exited with code ${code} before printing its URL:\n${output}`))
    })
  })

  const rpcRaw = async (method: string, input: unknown): Promise<RpcResult<unknown>> => {
    const response = await fetch(`${origin}/api/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method, input })
    })
    return (await response.json()) as RpcResult<unknown>
  }

  const server: LeadManagerServer = {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    dataDir,
    logFile: join(dataDir, 'logs', 'lead-manager.log'),
    rpcRaw,
    async rpc(method, input) {
      const reply = await rpcRaw(method, input)
      if (!reply.ok) throw new RpcFailure(method, reply.error.code, reply.error.message)
      return reply.result as MethodOutput<typeof method>
    },
    events: [],
    output: () => output
  }
  return { child, server }
}

/** Reads /api/events from the test's side, so a test can wait on what the main process pushes. */
function collectEvents(server: LeadManagerServer): AbortController {
  const controller = new AbortController()
  void (async () => {
    const response = await fetch(`${server.origin}/api/events`, {
      headers: { authorization: `Bearer ${server.token}` },
      signal: controller.signal
    })
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = frame
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n')
        if (data) server.events.push(JSON.parse(data) as PushedEvent)
      }
    }
  })().catch(() => undefined)
  return controller
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

export const test = base.extend<Fixtures & ServerOptions>({
  serverEnv: [{}, { option: true }],

  server: async ({ serverEnv }, use, testInfo) => {
    for (const built of [RENDERER_INDEX, BROWSER_ENTRY]) {
      if (!existsSync(built)) {
        throw new Error(
          `${built} is missing: build first (npm run build, or npm test, which builds before Playwright).`
        )
      }
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'lead-manager-e2e-'))
    const { child, server } = await startServer(dataDir, serverEnv)
    const events = collectEvents(server)
    try {
      await use(server)
    } finally {
      events.abort()
      await stop(child)
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('browser-mode output', { body: server.output(), contentType: 'text/plain' })
        if (existsSync(server.logFile))
          await testInfo.attach('lead-manager.log', { path: server.logFile, contentType: 'text/plain' })
      }
      await rm(dataDir, { recursive: true, force: true })
    }
  },

  consoleErrors: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
    await use(errors)
  },

  replies: async ({ page }, use) => {
    const pending: Promise<RecordedReply | null>[] = []
    page.on('response', (response) => {
      if (!response.url().endsWith('/api/invoke')) return
      pending.push(
        (async () => {
          const request = response.request().postDataJSON() as { method?: string } | null
          const body = await response.text().catch(() => '')
          return { method: request?.method ?? '?', status: response.status(), body }
        })()
      )
    })
    await use(async () => (await Promise.all(pending)).filter((r): r is RecordedReply => r !== null))
  },

  app: async ({ page, server, consoleErrors }, use) => {
    await page.goto(server.url)
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
    await use(page)
    // Whatever else a test checks: the page threw nothing and broke no Content Security Policy rule.
    expect(consoleErrors.filter((e) => e.startsWith('uncaught:') || e.includes('Content Security Policy'))).toEqual([])
  }
})

export { expect }

/** Waits until some pushed event satisfies `match`. */
export async function waitForEvent(
  server: LeadManagerServer,
  match: (event: PushedEvent) => boolean,
  timeout = 30_000
): Promise<PushedEvent> {
  let found: PushedEvent | undefined
  await expect
    .poll(() => (found = server.events.find(match)) !== undefined, { timeout, message: 'waiting for a pushed event' })
    .toBe(true)
  return found!
}

/**
 * Reloads the page and waits until the app is drawn: `page.reload()` returns at the load event, and
 * React draws after it, so a key pressed right away can reach a page with no shortcuts yet.
 */
export async function reload(app: Page): Promise<void> {
  await app.reload()
  await expect(app.getByRole('navigation', { name: 'Main' })).toBeVisible()
}

export function randomToken(): string {
  return `tok-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
}

/** A screenshot kept with the test's results (test-results/<test>/<name>.png) and attached to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string, fullPage = false): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path, fullPage })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}
