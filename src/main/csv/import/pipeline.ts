import type { CheckedBatch, CheckInput } from './check-file'
import { checkOnWorker } from './check-thread'
import type { ImportPlan } from './plan'
import type { ImportSession } from './session'
import { readStaged, type StagedBatch } from './staged'
import { checkRow } from './validate'

export { BATCH_ROWS, type CheckedBatch } from './check-file'

export function checkInput(session: ImportSession, plan: ImportPlan): CheckInput {
  const { headerRow, format } = session.sniffed
  return { path: session.file.path, format, headerRow, plan, fixes: session.fixes }
}

/**
 * The file's data rows, checked as `checkFile` does, but on a worker thread (check-thread.ts):
 * reading, decoding, parsing and validating (most of an import's JavaScript) run beside this
 * thread's own share (the repeats, the grid, the staging) and beside SQLite's, on another core.
 */
export function checkedBatches(
  session: ImportSession,
  plan: ImportPlan,
  signal: AbortSignal
): AsyncGenerator<CheckedBatch> {
  return checkOnWorker(checkInput(session, plan), signal)
}

/**
 * The rows to commit: those the check staged when it kept them (rows fixed since are checked again
 * from the grid's cells, which hold the fixes), else the file read and checked again.
 */
export async function* rowsToCommit(
  session: ImportSession,
  plan: ImportPlan,
  signal: AbortSignal
): AsyncGenerator<StagedBatch> {
  const analysis = session.analysis
  if (!analysis?.staged) {
    yield* checkedBatches(session, plan, signal)
    return
  }
  const width = plan.headers.length
  for await (const batch of readStaged(analysis.staged, signal)) {
    if (session.fixes.size > 0) {
      batch.rows = batch.rows.map((row) => {
        const entry = session.fixes.has(row.row) ? analysis.grid.get(row.row) : undefined
        return entry ? checkRow(row.row, entry.cells, plan, width) : row
      })
    }
    yield batch
  }
}
