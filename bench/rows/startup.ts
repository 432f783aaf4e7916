import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser } from 'playwright-core'
import { CHROMIUM, launchChromium, startBrowserMode } from '../frame/browser'
import { descendants, rssMB } from '../frame/rss'
import { median, repeat } from '../frame/stats'
import type { Bench, BenchContext } from '../frame/types'

/** How long the app is left alone after the first paint before its memory is read. */
const IDLE_MS = 3000

interface Start {
  ms: number
  /** Until browser mode printed its address (process start, migrations, HTTP server). */
  listeningMs: number
  idleRssMB: number
  peakRssMB: number
}

function peakMB(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

/**
 * One start: from spawning `npm run browser`'s script (the renderer already built) to the first
 * lead row with data painted in Chromium; then the main process's RSS once it has been idle.
 */
async function startOnce(ctx: BenchContext, browser: Browser, dataDir: string): Promise<Start> {
  // The tab is open before the app starts, as in a browser already running: opened during the start,
  // its blank page's renderer and Playwright's scripts in it took the cores the start needs (A/B, 8
  // starts each at 1M: 1,325 ms with the tab opened during the start, 1,255 ms with it open before).
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  const started = performance.now()
  const starting = startBrowserMode(ctx.options.root, dataDir).then((app) => ({ app, at: performance.now() }))
  const { app, at } = await starting.catch(async (err: unknown) => {
    await page.close()
    throw err
  })
  const listeningMs = at - started
  const pid = app.child.pid!
  try {
    await page.goto(`${app.origin}#token=${app.token}`)
    // A row with a data cell, not the "Loading…" placeholder of a page still on its way.
    const firstRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .filter({ hasNotText: 'Loading…' })
      .first()
    await firstRow.waitFor({ state: 'visible', timeout: 120_000 })
    // Visible in the DOM; the next animation frame is when it is on screen.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
    const ms = performance.now() - started
    await sleep(IDLE_MS)
    // The app: the launcher (node scripts/browser.mjs runs it in its own process) or its biggest child.
    const tree = [pid, ...descendants(pid)]
    const main = tree.reduce((best, pid) => ((rssMB(pid) ?? 0) > (rssMB(best) ?? 0) ? pid : best))
    return { ms, listeningMs, idleRssMB: rssMB(main) ?? NaN, peakRssMB: peakMB(main) }
  } finally {
    await page.close()
    await app.stop()
  }
}

/** A bare Node start, the floor any start sits on: on a shared machine it shows how loaded it is. */
function bareNodeMs(): number {
  const started = performance.now()
  spawnSync(process.execPath, ['-e', ''])
  return performance.now() - started
}

const bench: Bench = {
  name: 'startup',
  operations: ['startup: first rows painted', 'startup: idle RSS of the main process'],
  needs: ['cache', 'renderer'],
  async run(ctx) {
    const dataDir = await ctx.cacheCopy('startup')
    const browser = await launchChromium()
    let starts: Start[]
    let floor: number
    try {
      // One untimed start first: it migrates the copy if needed, as the user's first start would.
      await startOnce(ctx, browser, dataDir)
      starts = await repeat(ctx.options.repeats, () => startOnce(ctx, browser, dataDir))
      floor = median(await repeat(ctx.options.repeats, async () => bareNodeMs()))
    } finally {
      await browser.close()
    }
    const leads = ctx.options.leads.toLocaleString('en')
    return [
      {
        operation: 'startup: first rows painted',
        ours: 0,
        samples: starts.map((s) => s.ms),
        baseline: null,
        baselineIs: null,
        unit: 'ms',
        peakRssMB: null,
        goals: [{ on: 'ours', op: '<', value: 1500 }],
        notes: [
          `startup: \`node scripts/browser.mjs --no-build\` (what \`npm run browser\` runs after its build) on a copy of the cache of ${leads} leads, until the first lead row with data is painted in Chromium (${CHROMIUM}, already running, the tab already open); median of ${starts.length} starts after one untimed start; of which ${Math.round(median(starts.map((s) => s.listeningMs)))} ms until browser mode printed its address (a bare \`node -e ''\` took ${Math.round(floor)} ms in the same run). Idle RSS read ${IDLE_MS / 1000} s after that paint.`
        ]
      },
      {
        operation: 'startup: idle RSS of the main process',
        ours: 0,
        samples: starts.map((s) => s.idleRssMB),
        baseline: null,
        baselineIs: null,
        unit: 'MB',
        peakRssMB: Math.max(...starts.map((s) => s.peakRssMB))
      }
    ]
  }
}

export default bench
