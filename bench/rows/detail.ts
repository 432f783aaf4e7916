import type { Page } from 'playwright-core'
import { rowPainted, withBrowserMode } from '../frame/browser'
import { repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'

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
    return withBrowserMode(ctx.options.root, dataDir, { width: 1280, height: 820 }, async ({ page }) => {
      await rowPainted(page, 2)
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
    })
  }
}

export default bench
