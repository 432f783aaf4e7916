import type { Page } from 'playwright-core'
import { SORTABLE_COLUMNS, type LeadQueryInput } from '../../src/shared/contract'
import { rowPainted, withBrowserMode } from '../frame/browser'
import { repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'

/** The table's state for a sort, as the app writes it into the URL hash. */
const hashFor = (query: LeadQueryInput): string =>
  `#leads?${new URLSearchParams({ q: JSON.stringify({ ...query, columns: ['name', 'email', 'status', 'updated'] }) })}`

/**
 * Opens the table sorted by one column, waits for its first rows, then times End inside the page:
 * from the keydown reaching the page to the frame after the last row of the whole list shows data.
 * Measured in the page (as leads.detail is), so Playwright's round trips and polling are not in it.
 * Each run uses another sort, so nothing it shows is already in the page's cache from an earlier run.
 */
async function endOnce(page: Page, origin: string, leads: number, query: LeadQueryInput): Promise<number> {
  await page.goto(`${origin}${hashFor(query)}`)
  await rowPainted(page, 2)
  await page
    .getByRole('table', { name: 'Leads' })
    .getByLabel(/^Lead rows/)
    .focus()
  // As text: tsx would wrap a named function in a helper the page does not have.
  // `void`: evaluate would otherwise wait for the promise, which only the End below settles.
  await page.evaluate(`void (window.endPainted = new Promise((resolve) => {
    let start = 0
    window.addEventListener('keydown', () => (start = performance.now()), { capture: true, once: true })
    const check = () => {
      const cell = start > 0 && document.querySelector('[role="row"][aria-rowindex="${leads + 1}"] [role="cell"]')
      if (cell && !cell.textContent.includes('Loading…')) requestAnimationFrame(() => resolve(performance.now() - start))
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  }))`)
  await page.keyboard.press('End')
  const ms = (await page.evaluate('window.endPainted')) as number
  // Also in the accessibility tree, as a user's screen reader would find it.
  await rowPainted(page, leads + 1)
  return ms
}

const bench: Bench = {
  name: 'leads.end-key',
  operations: ['leads.end-key: End to the last rows painted'],
  needs: ['cache', 'renderer'],
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const dataDir = await ctx.cacheCopy('leads-end-key')
    return withBrowserMode(ctx.options.root, dataDir, { width: 1280, height: 820 }, async ({ origin, page }) => {
      await rowPainted(page, 2)
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
            `leads.end-key: browser mode on a copy of the cache of ${leads.toLocaleString('en')} leads in Chromium; each run opens the table sorted by another column, waits for its first rows, presses End on the rows; timed in the page from the keydown to the frame after the row with aria-rowindex ${(leads + 1).toLocaleString('en')} shows data (Playwright's round trips not included).`
          ]
        }
      ]
    })
  }
}

export default bench
