/**
 * `npm run bench`: one table, one row per operation, ours beside a baseline measured in the same
 * run on the same data. Rows live in bench/rows/ (see bench/README.md); this file only runs them.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseBenchArgs, USAGE } from './frame/args'
import { RunContext } from './frame/context'
import { loadBenches, selected } from './frame/registry'
import { formatNumber, table, toRow, type Row } from './frame/report'

async function main(): Promise<void> {
  const started = performance.now()
  let options
  try {
    options = parseBenchArgs(process.argv.slice(2), join(__dirname, '..'))
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  const benches = (await loadBenches(join(__dirname, 'rows'))).map((bench) => ({
    bench,
    ...selected(bench, options.only)
  }))
  const chosen = benches.filter((b) => b.run)
  if (chosen.length === 0) {
    console.error(
      `--only ${options.only} matches no row. Rows: ${benches.flatMap((b) => b.bench.operations).join(', ')}`
    )
    process.exit(2)
  }
  const ctx = new RunContext(options)
  const rows: Row[] = []
  const notes = new Set<string>()
  const failures: string[] = []
  try {
    for (const { bench, operations } of chosen) {
      ctx.log(`${bench.name}…`)
      try {
        await ctx.prepare(bench.needs)
        const measured = await bench.run(ctx)
        const names = measured.map((m) => m.operation)
        if (names.join('\n') !== bench.operations.join('\n')) {
          throw new Error(`returned [${names.join(', ')}], declared [${bench.operations.join(', ')}]`)
        }
        for (const m of measured) {
          if (operations && !operations.has(m.operation)) continue
          const row = toRow(m)
          rows.push(row)
          for (const note of row.notes) notes.add(note)
        }
      } catch (error) {
        failures.push(`${bench.name}: ${(error as Error).stack ?? String(error)}`)
        ctx.log(`${bench.name} failed: ${(error as Error).message}`)
      }
    }
  } finally {
    ctx.cleanUp()
  }
  const seconds = (performance.now() - started) / 1000
  const shell = ctx.shellIfUsed
  console.log('')
  console.log(`## npm run bench — ${options.leads.toLocaleString('en')} leads, seed ${options.seed}`)
  console.log('')
  console.log(table(rows))
  console.log('')
  if (shell) console.log(`- sqlite3 shell ${shell.version}: ${shell.how}.`)
  for (const note of notes) console.log(`- ${note}`)
  const missed = rows.filter((r) => r.met === false)
  for (const r of missed) {
    const ratio = r.ratio === null ? '' : `, ratio ${r.ratio.toPrecision(3)}×`
    const rss = r.peakRssMB === null ? '' : `, peak RSS ${Math.round(r.peakRssMB)} MB`
    console.log(`- MISSED: ${r.operation}: ${r.goal} (ours ${formatNumber(r.ours)} ${r.unit}${ratio}${rss})`)
  }
  console.log(`- The bench took ${seconds.toFixed(0)} s.`)
  if (options.json) {
    mkdirSync(dirname(options.json), { recursive: true })
    writeFileSync(options.json, JSON.stringify(rows, null, 2) + '\n')
  }
  for (const failure of failures) console.error(`\nFAILED ${failure}`)
  process.exit(failures.length ? 1 : 0)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
