import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium, type Page } from 'playwright-core'
import { SORTABLE_COLUMNS, type LeadQueryInput } from '../../src/shared/contract'
import { repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'

const CHROMIUM = process.env.LEADS_CHROMIUM ?? '/usr/bin/chromium'
const READY = /Lead Manager is running at (http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/

/** The table's state for a sort, as the app writes it into the URL hash. */
const hashFor = (query: LeadQueryInput): string =>
  `#leads?${new URLSearchParams({ q: JSON.stringify({ ...query, columns: ['name', 'email', 'status', 'updated'] }) })}`

/** A painted row with data (not the "Loading…" placeholder) at this aria-rowindex. */
async function painted(page: Page, rowIndex: number): Promise<void> {
  await page
    .locator(`[role="row"][aria-rowindex="${rowIndex}"]`)
    .filter({ has: page.getByRole('cell') })
    .filter({ hasNotText: 'Loading…' })
    .first()
    .waitFor({ state: 'visible', timeout: 120_000 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
}

/**
 * Opens the table sorted by one column, waits for its first rows, then times End: from the key
 * press to the last row of the whole list painted. Each run uses another sort, so nothing it shows
 * is already in the page's cache.
 */
async function endOnce(page: Page, origin: string, leads: number, query: LeadQueryInput): Promise<number> {
  await page.goto(`${origin}${hashFor(query)}`)
  await painted(page, 2)
  await page
    .getByRole('table', { name: 'Leads' })
    .getByLabel(/^Lead rows/)
    .focus()
  const start = performance.now()
  await page.keyboard.press('End')
  await painted(page, leads + 1)
  return performance.now() - start
}

const bench: Bench = {
  name: 'leads.end-key',
  operations: ['leads.end-key: End to the last rows painted'],
  needs: ['cache', 'renderer'],
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const dataDir = await ctx.cacheCopy('leads-end-key')
    const child = spawn(
      process.execPath,
      [join(ctx.options.root, 'scripts', 'browser.mjs'), '--no-build', '--port', '0', '--data-dir', dataDir],
      { cwd: ctx.options.root, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
    })
    try {
      let origin = ''
      let token = ''
      for await (const line of createInterface({ input: child.stdout })) {
        const match = READY.exec(line)
        if (match) {
          origin = match[1] ?? ''
          token = match[2] ?? ''
          break
        }
      }
      if (!origin) throw new Error('browser mode did not start')
      const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
      // The token arrives once in the fragment; the app keeps it for later loads of the page.
      await page.goto(`${origin}#token=${token}`)
      await painted(page, 2)
      const leads = Number(await page.getByRole('table', { name: 'Leads' }).getAttribute('aria-rowcount')) - 1
      const sorts = SORTABLE_COLUMNS.flatMap((column) => (['desc', 'asc'] as const).map((dir) => ({ column, dir })))
      // One untimed run, as the user's first End would warm the page cache too.
      await endOnce(page, origin, leads, { sort: [sorts[0]!] })
      const samples = await repeat(ctx.options.repeats, (run) =>
        endOnce(page, origin, leads, { sort: [sorts[(run + 1) % sorts.length]!] })
      )
      return [
        {
          operation: 'leads.end-key: End to the last rows painted',
          ours: 0,
          samples,
          baseline: null,
          baselineIs: null,
          unit: 'ms',
          peakRssMB: null,
          goals: [{ on: 'ours', op: '<', value: 50 }],
          notes: [
            `leads.end-key: browser mode on a copy of the cache of ${leads.toLocaleString('en')} leads in Chromium; each run opens the table sorted by another column, waits for its first rows, presses End on the rows and waits for the row with aria-rowindex ${(leads + 1).toLocaleString('en')} to show data and the next frame. Includes Playwright's round trips to the page.`
          ]
        }
      ]
    } finally {
      await browser.close()
      child.kill('SIGTERM')
      await exited
    }
  }
}

export default bench
