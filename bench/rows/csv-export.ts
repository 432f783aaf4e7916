import { execFile } from 'node:child_process'
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { compileSelection } from '../../src/main/csv/selection'
import type { SqlValue } from '../../src/main/db'
import type { LeadQueryInput } from '../../src/shared/contract'
import { exportColumnsForView, type ExportColumnId } from '../../src/shared/csv/columns'
import { runShell } from '../frame/shell'
import { median, p95, repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'
import type { WorkerPlan } from '../workers/csv-export'

const run = promisify(execFile)

// What a salesperson exports: the table's usual columns, the phone, the last message.
const COLUMNS: ExportColumnId[] = exportColumnsForView([
  'name',
  'email',
  'phone',
  'status',
  'connection',
  'agent',
  'tags',
  'created',
  'updated',
  'lastMessage'
])

/** The shell's column for each of ours: the stored value, as `SELECT` with `.mode csv` writes it. */
const SHELL_COLUMN: Partial<Record<ExportColumnId, string>> = {
  name: 'l.name',
  email: 'l.email',
  phonePrefix: 'l.phone_prefix',
  phone: 'l.phone',
  status: 'l.status',
  connection: 'cn.name',
  agent: 'l.agent',
  tags: 'l.tags_json',
  createdAt: 'l.remote_created_at',
  updatedAt: 'l.remote_updated_at',
  lastMessageAt: 'l.last_message_at',
  lastMessageText: 'l.last_message_text'
}

const VIEWS: { label: string; query: LeadQueryInput }[] = [
  { label: 'all leads', query: {} },
  {
    label: 'filtered view (two statuses, by name)',
    query: { filters: { status: ['OPEN', 'INPROGRESS'] }, sort: [{ column: 'name', dir: 'asc' }] }
  }
]

function literal(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return `'${String(value).replace(/'/g, "''")}'`
}

/** The same rows and columns, in the same order, as one SQL statement the shell runs with `.mode csv`. */
function shellScript(query: LeadQueryInput, out: string): string {
  const { from, where, params, orderBy } = compileSelection(query)
  let next = 0
  const inlined = where.replace(/\?/g, () => literal(params[next++] ?? null))
  const columns = COLUMNS.map((id) => SHELL_COLUMN[id]!).join(', ')
  return [
    '.headers on',
    '.mode csv',
    `.output ${out}`,
    `SELECT ${columns} FROM ${from} LEFT JOIN connections AS cn ON cn.id = l.connection_id WHERE ${inlined} ORDER BY ${orderBy};`,
    '.output stdout',
    ''
  ].join('\n')
}

interface Sample {
  rows: number
  bytes: number
  seconds: number
  peakRssMB: number
}

async function ours(ctx: BenchContext, db: string, out: string, query: LeadQueryInput): Promise<Sample> {
  const plan: WorkerPlan = { query, columns: COLUMNS, options: { format: 'excel', delimiter: ',', guard: true } }
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(ctx.options.root, 'bench', 'workers', 'csv-export.ts'), db, out, JSON.stringify(plan)],
    { cwd: ctx.options.root, maxBuffer: 1 << 20 }
  )
  rmSync(out, { force: true })
  return JSON.parse(stdout) as Sample
}

async function view(ctx: BenchContext, index: number, db: string): Promise<Measurement> {
  const { label, query } = VIEWS[index]!
  const shell = await ctx.shell()
  const dir = ctx.workDir(`csv-export-${index}`)
  const out = join(dir, 'export.csv')
  const runs = Math.min(ctx.options.repeats, 3)
  const our: Sample[] = []
  const theirs: { rowsPerSecond: number; peakRssMB: number | null; bytes: number }[] = []
  // Alternating, so both see the same weather on a shared machine.
  await repeat(runs, async () => {
    our.push(await ours(ctx, db, out, query))
    const shellRun = await runShell(shell.path, db, shellScript(query, out))
    const bytes = statSync(out).size
    rmSync(out, { force: true })
    theirs.push({ rowsPerSecond: our.at(-1)!.rows / shellRun.seconds, peakRssMB: shellRun.peakRssMB, bytes })
  })
  const rates = our.map((s) => s.rows / s.seconds)
  const name = `csv.export: ${label}`
  return {
    operation: `${name}, rows/s`,
    ours: median(rates),
    samples: rates,
    baseline: median(theirs.map((t) => t.rowsPerSecond)),
    baselineIs: 'sqlite3 shell .mode csv, same rows, columns and order',
    unit: 'rows/s',
    peakRssMB: Math.max(...our.map((s) => s.peakRssMB)),
    baselinePeakRssMB: Math.max(...theirs.map((t) => t.peakRssMB ?? 0)),
    goals: [
      { on: 'ratio', op: '>=', value: 0.5 },
      { on: 'peakRssMB', op: '<', value: 300 }
    ],
    notes: [
      `${name}: ${our[0]!.rows.toLocaleString('en')} rows × ${COLUMNS.length} columns, ${(our[0]!.bytes / 2 ** 20).toFixed(0)} MB ` +
        `(the shell's file ${(theirs[0]!.bytes / 2 ** 20).toFixed(0)} MB); ours in the Excel format with the formula guard, ` +
        `by the desktop export's path (snapshot, pages built by SQLite, temp file renamed), in a process of its own; ` +
        `${runs} runs each, alternating; p95 ${Math.round(p95(rates)).toLocaleString('en')} rows/s. The shell writes the ` +
        'stored values as they are (no guard, no date conversion, no BOM).'
    ]
  }
}

const bench: Bench = {
  name: 'csv.export',
  operations: VIEWS.map((v) => `csv.export: ${v.label}, rows/s`),
  needs: ['shell', 'cache'],
  async run(ctx) {
    // A copy: opening the app's database may write to it (WAL, PRAGMA optimize), and the cache is shared.
    const db = join(await ctx.cacheCopy('csv-export'), 'leads.sqlite')
    const out: Measurement[] = []
    for (let i = 0; i < VIEWS.length; i++) out.push(await view(ctx, i, db))
    return out
  }
}

export default bench
