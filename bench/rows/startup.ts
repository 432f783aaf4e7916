import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium, type Browser } from 'playwright-core'
import { descendants, rssMB } from '../frame/rss'
import { median, repeat } from '../frame/stats'
import type { Bench, BenchContext } from '../frame/types'

const CHROMIUM = process.env.LEADS_CHROMIUM ?? '/usr/bin/chromium'
const READY = /Lead Manager is running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/
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
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [join(ctx.options.root, 'scripts', 'browser.mjs'), '--no-build', '--port', '0', '--data-dir', dataDir],
    { cwd: ctx.options.root, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const errors: string[] = []
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  try {
    let link: string | null = null
    for await (const line of createInterface({ input: child.stdout })) {
      link = READY.exec(line)?.[1] ?? null
      if (link) break
    }
    if (!link) throw new Error(`browser mode did not start: ${errors.join('').trim()}`)
    const listeningMs = performance.now() - started
    await page.goto(link)
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
    // The app is the biggest process under the launcher (node scripts/browser.mjs → the main process).
    const tree = [child.pid!, ...descendants(child.pid!)]
    const main = tree.reduce((best, pid) => ((rssMB(pid) ?? 0) > (rssMB(best) ?? 0) ? pid : best))
    return { ms, listeningMs, idleRssMB: rssMB(main) ?? NaN, peakRssMB: peakMB(main) }
  } finally {
    await page.close()
    child.kill('SIGTERM')
    await exited
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
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
    })
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
          `startup: \`node scripts/browser.mjs --no-build\` (what \`npm run browser\` runs after its build) on a copy of the cache of ${leads} leads, until the first lead row with data is painted in Chromium (${CHROMIUM}, already running); median of ${starts.length} starts after one untimed start; of which ${Math.round(median(starts.map((s) => s.listeningMs)))} ms until browser mode printed its address (a bare \`node -e ''\` took ${Math.round(floor)} ms in the same run). Idle RSS read ${IDLE_MS / 1000} s after that paint.`
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
