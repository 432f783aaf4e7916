import { execFileSync } from 'node:child_process'
import {
  SORTABLE_COLUMNS,
  leadQuerySchema,
  type LeadQueryInput,
  type TableWindow
} from '../../src/shared/contract'
import type { Database, SqlValue } from '../../src/main/db'
import { countAll, countMatching, readWindow } from '../../src/main/leads/table-store'
import { COMMON_WORD, RARE_WORD } from './dataset'

/** One bench row, in the guide's shape: ours beside the sqlite3 shell running the same SQL. */
export interface BenchRow {
  operation: string
  ours: number
  baseline: number | null
  ratio: number | null
  unit: 'ms'
  p95: number
  peakRssMB: number | null
}

type Statement = { sql: string; params: readonly SqlValue[] }

/** Runs `fn` with every statement it sends to `db` recorded, so the shell can run the same ones. */
async function recording<T>(db: Database, fn: () => Promise<T>): Promise<Statement[]> {
  const seen: Statement[] = []
  const { all, get } = db
  db.all = <T,>(sql: string, params: readonly SqlValue[] = []) => {
    seen.push({ sql, params })
    return all.call(db, sql, params) as Promise<T[]> // the same call, its type parameter passed through
  }
  db.get = <T,>(sql: string, params: readonly SqlValue[] = []) => {
    seen.push({ sql, params })
    return get.call(db, sql, params) as Promise<T | undefined> // as above
  }
  try {
    await fn()
  } finally {
    db.all = all
    db.get = get
  }
  return seen
}

function literal(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`
  return `X'${value.toString('hex')}'`
}

/** The statement with its parameters written in, for the shell (bench only: our code binds them). */
function inline({ sql, params }: Statement): string {
  let i = 0
  return sql.replace(/\?/g, () => literal(params[i++]!)).replace(/\s+/g, ' ')
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

async function timeOurs(fn: () => Promise<unknown>, runs: number): Promise<{ median: number; p95: number }> {
  await fn() // warm: the first call of a shape pays for reading its index pages from disk
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) }
}

/** The same statements run `runs` times by the sqlite3 shell on the same file: median ms per run. */
function timeShell(shell: string, file: string, statements: Statement[], runs: number): number {
  const body = statements.map((s) => `${inline(s)};`).join('\n')
  const script = ['.timer on', ...Array.from({ length: runs + 1 }, () => `${body}\n.print ---`)].join('\n')
  const out = execFileSync(shell, ['-readonly', file], { input: script, maxBuffer: 64 * 2 ** 20 }).toString()
  // One "Run Time: real X" per statement; a run is the sum of its statements.
  const perStatement = [...out.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000)
  const n = statements.length
  const totals: number[] = []
  for (let r = 1; r <= runs; r++) totals.push(perStatement.slice(r * n, r * n + n).reduce((a, b) => a + b, 0))
  totals.sort((a, b) => a - b)
  return quantile(totals, 0.5)
}

export interface TableBenchOptions {
  db: Database
  file: string
  shell: string
  runs: number
  only?: string
  log?: (line: string) => void
}

/** The leads-table rows of issue 9: first pages, deep pages, searches and their counts. */
export async function leadTableRows(options: TableBenchOptions): Promise<BenchRow[]> {
  const { db, file, shell, runs } = options
  const rows: BenchRow[] = []
  const all = await countAll(db)
  const add = async (operation: string, fn: () => Promise<unknown>): Promise<void> => {
    if (options.only && !operation.includes(options.only)) return
    const statements = await recording(db, fn)
    const ours = await timeOurs(fn, runs)
    const baseline = timeShell(shell, file, statements, runs)
    const row: BenchRow = {
      operation,
      ours: ours.median,
      baseline,
      ratio: baseline > 0 ? ours.median / baseline : null,
      unit: 'ms',
      p95: ours.p95,
      peakRssMB: process.memoryUsage().rss / 2 ** 20
    }
    rows.push(row)
    options.log?.(`${operation}: ${row.ours.toFixed(1)} ms (p95 ${row.p95.toFixed(1)}), shell ${baseline.toFixed(1)} ms`)
  }
  const page = (input: LeadQueryInput, window: TableWindow, limit = 100) => () =>
    readWindow(db, leadQuerySchema.parse(input), window, limit)
  const count = (input: LeadQueryInput) => () =>
    Promise.all([countMatching(db, leadQuerySchema.parse(input)), countAll(db)])

  await add('leads: first page, default view', page({}, { offset: 0 }))
  await add('leads: count, default view', count({}))
  for (const column of SORTABLE_COLUMNS) {
    for (const dir of ['asc', 'desc'] as const) {
      await add(`leads: first page by ${column} ${dir}`, page({ sort: [{ column, dir }] }, { offset: 0 }))
    }
  }
  const filtered: LeadQueryInput = {
    filters: { status: ['OPEN', 'REVIEW'], platform: ['express-chat'], hasEmail: true },
    sort: [{ column: 'name', dir: 'asc' }]
  }
  await add('leads: first page, 3 filters sorted by name', page(filtered, { offset: 0 }))
  await add('leads: count, 3 filters', count(filtered))
  // The table reads a deep page from whichever end is nearer, as the End key and scrollbar do.
  const deep = 900_000 < all ? all - 900_000 - 100 : 0
  await add('leads: page 900,000 deep', page({}, { offsetFromEnd: Math.max(0, deep) }))
  await add('leads: last page (End)', page({}, { offsetFromEnd: 0 }))
  const searches: [string, string][] = [
    [`rare word "${RARE_WORD}"`, RARE_WORD],
    [`word in 20% "${COMMON_WORD}"`, COMMON_WORD],
    ['one-letter prefix "p"', 'p']
  ]
  for (const [label, search] of searches) {
    const input: LeadQueryInput = { search, sort: [{ column: 'relevance', dir: 'desc' }] }
    await add(`leads: search ${label}, first 50`, page(input, { offset: 0 }, 50))
    await add(`leads: search ${label}, count`, count(input))
  }
  return rows
}
