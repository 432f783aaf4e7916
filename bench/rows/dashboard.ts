import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { baseQuery, readDashboard } from '../../src/main/dashboard'
import { Database, type SqlValue } from '../../src/main/db'
import { dashboardInputSchema } from '../../src/shared/contract'
import { withBrowserMode } from '../frame/browser'
import { runShell } from '../frame/shell'
import { repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'
import { recording, type Statement } from '../frame/recording'

const AGGREGATES = 'dashboard: all aggregates'
const PAINT = 'dashboard: first paint in Chromium'

const literal = (v: SqlValue): string =>
  v === null
    ? 'NULL'
    : typeof v === 'string'
      ? `'${v.replace(/'/g, "''")}'`
      : typeof v === 'number' || typeof v === 'bigint'
        ? String(v)
        : `X'${v.toString('hex')}'`

/** The same statements, `runs` times in one shell process after a warm-up run: median of the sums, ms. */
async function shellMs(shell: string, file: string, statements: Statement[], runs: number): Promise<number> {
  const body = statements
    .map(({ sql, params }) => {
      let i = 0
      return `${sql.replace(/\?/g, () => literal(params[i++]!)).replace(/\s+/g, ' ')};`
    })
    .join('\n')
  const { stdout } = await runShell(
    shell,
    file,
    ['.timer on', ...Array.from({ length: runs + 1 }, () => body)].join('\n')
  )
  const times = [...stdout.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000)
  const n = statements.length
  const totals: number[] = []
  for (let r = 1; r <= runs; r++) totals.push(times.slice(r * n, r * n + n).reduce((a, b) => a + b, 0))
  return totals.sort((a, b) => a - b)[totals.length >> 1] ?? NaN
}

/** Every aggregate of the dashboard as it opens (all time, by month and platform, no filters). */
async function aggregates(ctx: BenchContext, file: string): Promise<Measurement> {
  const shell = (await ctx.shell()).path
  const db = await Database.open(file)
  try {
    const input = dashboardInputSchema.parse({ query: {} })
    const now = new Date()
    const base = baseQuery(input.query, input.range, now)
    const run = () => readDashboard(db, { base, interval: input.interval, stackBy: input.stackBy }, now)
    const statements = await recording(db, run) // also the warm-up, like the shell's first run
    const samples = await repeat(ctx.options.repeats, async () => {
      const started = performance.now()
      await run()
      return performance.now() - started
    })
    return {
      operation: AGGREGATES,
      ours: 0,
      samples,
      baseline: await shellMs(shell, file, statements, ctx.options.repeats),
      baselineIs: 'sqlite3 shell, the same statements one after another',
      unit: 'ms',
      peakRssMB: null,
      goals: [{ on: 'ours', op: '<', value: 200 }],
      notes: [
        `${AGGREGATES}: readDashboard on a copy of the cache, as the dashboard opens (all time, by month and platform, no filters): ${statements.length} statements, from the kept counts (migrations 7 and 14) where they hold the filters, through the app's read connection, which runs them one after another.`
      ]
    }
  } finally {
    await db.close()
  }
}

async function painted(page: Page): Promise<void> {
  await page.getByRole('link', { name: /^OPEN: [\d,]+ leads?$/ }).waitFor({ state: 'visible', timeout: 120_000 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
}

/** From the click on "Dashboard" in a freshly loaded page to the funnel's bars painted. */
async function paint(ctx: BenchContext, dataDir: string): Promise<Measurement> {
  return withBrowserMode(ctx.options.root, dataDir, { width: 1280, height: 900 }, async ({ origin, page }) => {
    const once = async (): Promise<number> => {
      // A fresh page each time: nothing of the last dashboard is in its query cache.
      await page.goto(`${origin}#leads`)
      await page.reload()
      const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Dashboard/ })
      await nav.waitFor()
      const started = performance.now()
      await nav.click()
      await painted(page)
      return performance.now() - started
    }
    await once()
    const samples = await repeat(ctx.options.repeats, once)
    return {
      operation: PAINT,
      ours: 0,
      samples,
      baseline: null,
      baselineIs: null,
      unit: 'ms',
      peakRssMB: null,
      notes: [
        `${PAINT}: browser mode on a copy of the cache; each run reloads the page, clicks Dashboard and waits for the funnel's OPEN bar (a link) and the next frame. Includes the aggregates and Playwright's round trips.`
      ]
    }
  })
}

const bench: Bench = {
  name: 'dashboard',
  operations: [AGGREGATES, PAINT],
  needs: ['cache', 'shell', 'renderer'],
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const dir = await ctx.cacheCopy('dashboard')
    const first = await aggregates(ctx, join(dir, 'leads.sqlite'))
    return [first, await paint(ctx, dir)]
  }
}

export default bench
