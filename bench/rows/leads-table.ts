import { join } from 'node:path'
import { SORTABLE_COLUMNS, leadQuerySchema, type LeadQueryInput, type TableWindow } from '../../src/shared/contract'
import { Database, type SqlValue } from '../../src/main/db'
import { countAll, countMatching, readWindow } from '../../src/main/leads/table-store'
import { repeat } from '../frame/stats'
import type { Bench, BenchContext, Measurement } from '../frame/types'
import { runShell } from '../frame/shell'
import { recording, type Statement } from '../frame/recording'

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

/**
 * The same statements run `runs` times by the shell in one process, timed by its own `.timer`
 * (so process start is not counted): the median of the per-run sums, in ms.
 */
async function shellMs(shell: string, file: string, statements: Statement[], runs: number): Promise<number> {
  const body = statements.map((s) => `${inline(s)};`).join('\n')
  const script = ['.timer on', ...Array.from({ length: runs + 1 }, () => body)].join('\n')
  const { stdout } = await runShell(shell, file, script)
  const perStatement = [...stdout.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000)
  const n = statements.length
  const totals: number[] = []
  // Run 0 warms the page cache, as our first (unmeasured) call does.
  for (let r = 1; r <= runs; r++) totals.push(perStatement.slice(r * n, r * n + n).reduce((a, b) => a + b, 0))
  totals.sort((a, b) => a - b)
  return totals[totals.length >> 1] ?? NaN
}

const FIRST_PAGES = SORTABLE_COLUMNS.flatMap((column) =>
  (['asc', 'desc'] as const).map((dir) => ({ column, dir, operation: `leads.table: first page by ${column} ${dir}` }))
)
const SEARCHES = ['rare word', 'word in 20% of leads', 'one-letter prefix'] as const

const OPERATIONS = [
  'leads.table: first page, default view',
  'leads.table: count, default view',
  ...FIRST_PAGES.map((p) => p.operation),
  'leads.table: first page, 3 filters sorted by name',
  'leads.table: count, 3 filters',
  'leads.table: page 900,000 deep',
  'leads.table: last page (End)',
  ...SEARCHES.flatMap((s) => [`leads.table: search, ${s}, first 50`, `leads.table: search, ${s}, count`]),
  'leads.table: one round trip (SELECT 1)'
]

/**
 * Words from the cache's own vocabulary: one in a handful of leads, the one nearest 20% of leads,
 * and the first letter of that one (a one-letter prefix matches most leads).
 */
async function pickWords(db: Database, leads: number): Promise<{ rare: string; common: string; letter: string }> {
  const terms = await db.all<{ term: string; doc: number }>(
    `SELECT term, doc FROM leads_fts_vocab WHERE length(term) >= 5 AND term GLOB '[a-z]*' AND term NOT GLOB '*[0-9]*'`
  )
  // The rarest word in at least 3 leads: the sandbox's vocabulary is small, so at 100,000 leads no
  // word is in 50 or fewer (the row failed with "no words" there).
  const rare = terms.filter((t) => t.doc >= 3).sort((a, b) => a.doc - b.doc || (a.term < b.term ? -1 : 1))
  const common = [...terms].sort((a, b) => Math.abs(a.doc - leads / 5) - Math.abs(b.doc - leads / 5))[0]
  if (!rare[0] || !common) throw new Error('the cache has no words to search for')
  return { rare: rare[0].term, common: common.term, letter: common.term[0]! }
}

const bench: Bench = {
  name: 'leads.table',
  operations: OPERATIONS,
  needs: ['cache', 'shell'],
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const dir = await ctx.cacheCopy('leads-table')
    const file = join(dir, 'leads.sqlite')
    const shell = (await ctx.shell()).path
    const db = await Database.open(file)
    const out: Measurement[] = []
    try {
      const all = await countAll(db)
      const words = await pickWords(db, all)
      const measure = async (operation: string, fn: () => Promise<unknown>, note?: string): Promise<void> => {
        const statements = await recording(db, fn)
        await fn() // warm, like the shell's first run
        const samples = await repeat(ctx.options.repeats, async () => {
          const start = performance.now()
          await fn()
          return performance.now() - start
        })
        out.push({
          operation,
          ours: 0,
          samples,
          baseline: await shellMs(shell, file, statements, ctx.options.repeats),
          baselineIs: 'sqlite3 shell, the same statements',
          unit: 'ms',
          peakRssMB: null,
          goals: [{ on: 'ours', op: '<', value: 50 }],
          notes: note ? [`${operation}: ${note}`] : undefined
        })
        ctx.log(`${operation} done`)
      }
      const page =
        (input: LeadQueryInput, window: TableWindow, limit = 100) =>
        (): Promise<unknown> =>
          readWindow(db, leadQuerySchema.parse(input), window, limit)
      const count = (input: LeadQueryInput) => (): Promise<unknown> =>
        Promise.all([countMatching(db, leadQuerySchema.parse(input)), countAll(db)])

      await measure('leads.table: first page, default view', page({}, { offset: 0 }), 'leads.query, 100 rows')
      await measure('leads.table: count, default view', count({}), 'leads.count: matching and all')
      for (const p of FIRST_PAGES)
        await measure(p.operation, page({ sort: [{ column: p.column, dir: p.dir }] }, { offset: 0 }))
      const filtered: LeadQueryInput = {
        filters: { status: ['OPEN', 'REVIEW'], platform: ['express-chat'], hasEmail: true },
        sort: [{ column: 'name', dir: 'asc' }]
      }
      await measure(
        'leads.table: first page, 3 filters sorted by name',
        page(filtered, { offset: 0 }),
        'status open or review, express-chat, has email'
      )
      await measure('leads.table: count, 3 filters', count(filtered))
      // Read from the nearer end, as the table does when the scrollbar is dragged that far.
      const deep = Math.max(0, all - 900_000 - 100)
      await measure(
        'leads.table: page 900,000 deep',
        page({}, all > 900_000 ? { offsetFromEnd: deep } : { offset: Math.max(0, all - 100) }),
        `rows 900,000–900,099 of ${all.toLocaleString('en')}, read from the end`
      )
      await measure('leads.table: last page (End)', page({}, { offsetFromEnd: 0 }))
      const searches: [string, string][] = [
        ['rare word', words.rare],
        ['word in 20% of leads', words.common],
        ['one-letter prefix', words.letter]
      ]
      for (const [label, search] of searches) {
        const input: LeadQueryInput = { search, sort: [{ column: 'relevance', dir: 'desc' }] }
        await measure(
          `leads.table: search, ${label}, first 50`,
          page(input, { offset: 0 }, 50),
          `“${search}”, by relevance`
        )
        await measure(`leads.table: search, ${label}, count`, count(input), `“${search}”`)
      }
      await measure(
        'leads.table: one round trip (SELECT 1)',
        () => db.get('SELECT 1'),
        'the driver’s floor on this machine: a thread-pool hop and back'
      )
    } finally {
      await db.close()
    }
    return out
  }
}
export default bench
