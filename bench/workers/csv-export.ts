/**
 * One CSV export in a process of its own, so its peak RSS is an export's and nothing else's:
 * `node --import tsx bench/workers/csv-export.ts <db> <out.csv> <plan JSON>`. The same path as the
 * desktop app's export: a private read snapshot, pages built inside SQLite, a temp file beside the
 * target renamed at the end. Prints one JSON line: rows, bytes, seconds, peakRssMB.
 */
import { readFileSync } from 'node:fs'
import { runExport, type ExportPlan } from '../../src/main/csv/export-run'
import { writeFileAtomically } from '../../src/main/csv/file-target'
import { compileSelection } from '../../src/main/csv/selection'
import { Database } from '../../src/main/db'
import type { ExportOptions, LeadQueryInput } from '../../src/shared/contract'
import type { ExportColumnId } from '../../src/shared/csv/columns'

export interface WorkerPlan {
  query: LeadQueryInput
  columns: ExportColumnId[]
  options: ExportOptions
}

function peakRssMB(): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
  return Number(kb) / 1024
}

async function main(): Promise<void> {
  const [file, out, planJson] = process.argv.slice(2)
  const { query, columns, options } = JSON.parse(planJson!) as WorkerPlan
  const db = await Database.open(file!)
  const plan: ExportPlan = { selection: compileSelection(query), columns, options }
  const started = performance.now()
  let result = { rows: 0, bytes: 0 }
  await writeFileAtomically(out!, async (write) => {
    result = await runExport(db, plan, write, { signal: new AbortController().signal, onProgress: () => undefined })
  })
  const seconds = (performance.now() - started) / 1000
  await db.close()
  process.stdout.write(`${JSON.stringify({ ...result, seconds, peakRssMB: peakRssMB() })}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
