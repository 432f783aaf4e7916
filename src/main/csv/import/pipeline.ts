import type { ImportPlan } from './plan'
import { isBlank, readRows, type RawRow } from './rows'
import type { ImportSession } from './session'
import { readStaged, type StagedBatch } from './staged'
import { checkRow, type CheckedRow } from './validate'

export interface CheckedBatch {
  rows: CheckedRow[]
  /** The cells of each row, fixes applied, in the order of `rows`. */
  cells: string[][]
  blank: number
  ragged: number
  bytesRead: number
}

/** Rows handed on at a time: one batch of lookups and one insert statement's worth. */
export const BATCH_ROWS = 2000

/**
 * The file's data rows, checked under the plan with the user's fixes applied, in batches. Blank
 * lines and rows above the header are counted or dropped here.
 */
export async function* checkedBatches(
  session: ImportSession,
  plan: ImportPlan,
  signal: AbortSignal
): AsyncGenerator<CheckedBatch> {
  const { headerRow, format } = session.sniffed
  const width = plan.headers.length
  let pending: CheckedBatch = { rows: [], cells: [], blank: 0, ragged: 0, bytesRead: 0 }
  const take = (raw: RawRow): void => {
    if (headerRow !== null && raw.row <= headerRow) return
    if (isBlank(raw.cells)) {
      pending.blank++
      return
    }
    if (raw.cells.length !== width) pending.ragged++
    const cells = session.cellsWithFixes(raw.row, raw.cells)
    const checked = checkRow(raw.row, cells, plan, width)
    if (raw.quoteProblem && !session.fixes.has(raw.row)) checked.errors.push({ column: -1, message: raw.quoteProblem })
    pending.rows.push(checked)
    pending.cells.push(cells)
  }
  for await (const batch of readRows(session.file.path, format, { signal })) {
    for (const raw of batch.rows) take(raw)
    pending.bytesRead = batch.bytesRead
    if (pending.rows.length >= BATCH_ROWS) {
      yield pending
      pending = { rows: [], cells: [], blank: 0, ragged: 0, bytesRead: batch.bytesRead }
    }
  }
  if (pending.rows.length > 0 || pending.blank > 0) yield pending
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
