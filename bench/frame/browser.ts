import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.LEADS_CHROMIUM ?? '/usr/bin/chromium'
const READY = /Lead Manager is running at (http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/

/** Browser mode running on a data directory, once it printed its address. */
export interface BrowserMode {
  child: ChildProcess
  /** `http://127.0.0.1:PORT/` */
  origin: string
  token: string
  stop(): Promise<void>
}

/**
 * `node scripts/browser.mjs --no-build` (what `npm run browser` runs after its build) on `dataDir`,
 * resolved once it printed its address; rejects with its stderr when it exits before that.
 */
export async function startBrowserMode(root: string, dataDir: string): Promise<BrowserMode> {
  const child = spawn(
    process.execPath,
    [join(root, 'scripts', 'browser.mjs'), '--no-build', '--port', '0', '--data-dir', dataDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const errors: string[] = []
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM')
    await exited
  }
  for await (const line of createInterface({ input: child.stdout })) {
    const match = READY.exec(line)
    if (match) return { child, origin: match[1] ?? '', token: match[2] ?? '', stop }
  }
  await stop()
  throw new Error(`browser mode did not start: ${errors.join('').trim()}`)
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
  })
}

/** What a Chromium row works with: browser mode on its copy of the cache, Chromium, one page. */
export interface InBrowser {
  origin: string
  page: Page
}

/**
 * Runs `fn` with browser mode started on `dataDir` and a Chromium page that has been handed the
 * token (it arrives once in the fragment; the app keeps it for later loads of the page), then
 * closes both whatever `fn` did.
 */
export async function withBrowserMode<T>(
  root: string,
  dataDir: string,
  viewport: { width: number; height: number },
  fn: (app: InBrowser) => Promise<T>
): Promise<T> {
  const app = await startBrowserMode(root, dataDir)
  let browser: Browser | null = null
  try {
    browser = await launchChromium()
    const page = await browser.newPage({ viewport })
    await page.goto(`${app.origin}#token=${app.token}`)
    return await fn({ origin: app.origin, page })
  } finally {
    await browser?.close()
    await app.stop()
  }
}

/** The first lead row with data (not the "Loading…" placeholder) at this aria-rowindex, and the next frame. */
export async function rowPainted(page: Page, rowIndex: number): Promise<void> {
  await page
    .locator(`[role="row"][aria-rowindex="${rowIndex}"]`)
    .filter({ has: page.getByRole('cell') })
    .filter({ hasNotText: 'Loading…' })
    .first()
    .waitFor({ state: 'visible', timeout: 120_000 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
}
