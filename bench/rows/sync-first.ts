import { existsSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Database, WRITER_PRAGMAS } from '../../src/main/db/database'
import { runShell } from '../frame/shell'
import type { Bench, BenchContext, CacheInfo, FirstSyncFigures } from '../frame/types'

/**
 * The cached leads as CSV, once per cache: written by the shell itself, row by row, so nothing
 * holds a million rows in memory. Every stored column in table order, the id included: not
 * `SELECT *`, which also returns the generated sort-key columns (migration 6) that `.import`
 * cannot write, shifting every later column (the import columns then failed their CHECK).
 */
export async function cacheCsv(ctx: BenchContext, cache: CacheInfo): Promise<string> {
  const csv = join(cache.dir, 'leads-stored.csv')
  if (existsSync(csv)) return csv
  const shell = await ctx.shell()
  ctx.log('writing the cached leads as CSV for the shell (once per cache)…')
  const stored = await runShell(
    shell.path,
    cache.file,
    `SELECT group_concat('"' || name || '"', ',') FROM pragma_table_info('leads');\n`
  )
  await runShell(
    shell.path,
    cache.file,
    `.headers off\n.mode csv\n.once ${csv}.partial\nSELECT ${stored.stdout.trim()} FROM leads ORDER BY id;\n`
  )
  renameSync(`${csv}.partial`, csv)
  return csv
}

/** The shell's `.import` of the cached leads into the same schema (migrations, triggers, FTS) and pragmas. */
async function shellImport(
  ctx: BenchContext
): Promise<{ seconds: number; peakRssMB: number | null; cpuSeconds: number | null; rows: number; csvMB: number }> {
  const cache = await ctx.cache()
  const csv = await cacheCsv(ctx, cache)
  const shell = await ctx.shell()
  const target = join(ctx.workDir('shell-import'), 'leads.sqlite')
  // Untimed: the schema, by the app's own migrations, and the connection rows the leads refer to.
  await (await Database.open(target)).close()
  await runShell(
    shell.path,
    target,
    `ATTACH '${cache.file}' AS cache;\nINSERT INTO connections SELECT * FROM cache.connections;\n`
  )
  const pragmas = WRITER_PRAGMAS.split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n')
  // CSV has no NULL: `.import` reads an empty cell as '', which the import columns' CHECK refuses.
  // So the shell imports into a plain table and moves the rows with NULLIF, in the same timed run.
  const names = (
    await runShell(
      shell.path,
      target,
      `SELECT group_concat('"' || name || '"', ',') FROM pragma_table_info('leads');\n`
    )
  ).stdout.trim()
  const nullable = names
    .split(',')
    .map((name) => `NULLIF(${name}, '')`)
    .join(', ')
  const run = await runShell(
    shell.path,
    target,
    `${pragmas}\nCREATE TEMP TABLE staging(${names});\n.mode csv\n.import ${csv} staging\n` +
      `INSERT INTO leads(${names}) SELECT ${nullable} FROM staging;\n`
  )
  const count = await runShell(shell.path, target, 'SELECT count(*) FROM leads;\n')
  return {
    seconds: run.seconds,
    peakRssMB: run.peakRssMB,
    cpuSeconds: run.cpuSeconds,
    rows: Number(count.stdout.trim()),
    csvMB: statSync(csv).size / 2 ** 20
  }
}

/** Where Lead Manager's CPU went: its JS thread (pages, checks, the writer's turns) and the rest. */
function jsShare(first: FirstSyncFigures): string {
  const js = first.jsThreadCpuSeconds
  if (js === null) return ''
  return ` (its JS thread ${js.toFixed(1)} s; its other threads, SQLite's statements on libuv's pool and V8's helpers, ${(first.appCpuSeconds - js).toFixed(1)} s)`
}

const bench: Bench = {
  name: 'sync.first',
  operations: ['sync.first: leads/s'],
  needs: ['shell', 'cache'],
  async run(ctx) {
    const first = await ctx.firstSync()
    const shell = await shellImport(ctx)
    if (shell.rows !== first.leads) throw new Error(`the shell imported ${shell.rows} rows of ${first.leads}`)
    const cpu =
      `CPU during the first sync: Lead Manager ${first.appCpuSeconds.toFixed(1)} s${jsShare(first)}, the sandbox process ` +
      `${first.sandboxCpuSeconds?.toFixed(1) ?? '?'} s, the shell's import ${shell.cpuSeconds?.toFixed(1) ?? '?'} s; ` +
      `${first.requests.toLocaleString('en')} requests.`
    return [
      {
        operation: 'sync.first: leads/s',
        ours: first.leads / first.seconds,
        baseline: shell.rows / shell.seconds,
        baselineIs: 'sqlite3 shell .import of the same rows (CSV), same schema and pragmas',
        unit: 'leads/s',
        peakRssMB: first.peakRssMB,
        baselinePeakRssMB: shell.peakRssMB,
        goals: [
          { on: 'ratio', op: '>=', value: 0.8 },
          { on: 'peakRssMB', op: '<', value: 400 }
        ],
        notes: [
          `sync.first: ${first.leads.toLocaleString('en')} leads in ${first.seconds.toFixed(1)} s; the shell in ${shell.seconds.toFixed(1)} s from a ${shell.csvMB.toFixed(0)} MB CSV. ${cpu}`
        ]
      }
    ]
  }
}

export default bench
