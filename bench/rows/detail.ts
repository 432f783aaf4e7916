import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium, type Page } from 'playwright-core'
import { repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'

const CHROMIUM = process.env.LEADS_CHROMIUM ?? '/usr/bin/chromium'
const READY = /Lead Manager is running at (http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/
const OPERATION = 'leads.detail: Enter on a row to its detail painted'

/**
 * With row `index` active in the table, times Enter inside the page: from the keydown reaching the
 * page to the frame after the lead's name shows as the detail panel's heading (its data read
 * through leads.detail). Measured in the page, so Playwright's polling and round trips are not in it.
 */
async function openOnce(page: Page, index: number): Promise<number> {
  await page.keyboard.press('j')
  await page.locator(`#lead-row-${index}[aria-current="true"]`).waitFor({ state: 'visible', timeout: 60_000 })
  // As text: tsx would wrap a named function in a helper the page does not have.
  // `void`: evaluate would otherwise wait for the promise, which only the Enter below settles.
  await page.evaluate(`void (window.detailPainted = new Promise((resolve) => {
    let start = 0
    window.addEventListener('keydown', () => (start = performance.now()), { capture: true, once: true })
    const check = () => {
      const painted = start > 0 && document.querySelector('[data-testid="lead-detail"] h2#detail-title:not(.hint)')
      if (painted) requestAnimationFrame(() => resolve(performance.now() - start))
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  }))`)
  await page.keyboard.press('Enter')
  const ms = (await page.evaluate('window.detailPainted')) as number
  await page.keyboard.press('Escape')
  await page.locator('[data-testid="lead-detail"]').waitFor({ state: 'detached', timeout: 60_000 })
  return ms
}

const bench: Bench = {
  name: 'leads.detail',
  operations: [OPERATION],
  needs: ['cache', 'renderer'],
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const dataDir = await ctx.cacheCopy('leads-detail')
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
      await page.goto(`${origin}#token=${token}`)
      await page
        .locator('[role="row"][aria-rowindex="2"]')
        .filter({ has: page.getByRole('cell') })
        .filter({ hasNotText: 'Loading…' })
        .first()
        .waitFor({ state: 'visible', timeout: 120_000 })
      const leads = Number(await page.getByRole('table', { name: 'Leads' }).getAttribute('aria-rowcount')) - 1
      await page.locator('#lead-rows').focus()
      // One untimed run (the first open loads the panel's code paths); then each run opens the next row.
      await openOnce(page, 0)
      const samples = await repeat(ctx.options.repeats, (run) => openOnce(page, run + 1))
      return [
        {
          operation: OPERATION,
          ours: 0,
          samples,
          baseline: null,
          baselineIs: null,
          unit: 'ms',
          peakRssMB: null,
          goals: [{ on: 'ours', op: '<', value: 100 }],
          notes: [
            `leads.detail: browser mode on a copy of the cache of ${leads.toLocaleString('en')} leads in Chromium; each run moves to the next row (j) and presses Enter; timed in the page from the keydown to the frame after the lead's name shows as the detail panel's heading (leads.detail over loopback HTTP included), then Esc.`
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
