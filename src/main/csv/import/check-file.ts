// Checking a file's rows: the part of an import that reads the file, on whichever thread runs it
// (check-worker.ts runs it on a worker thread; tests and the fallback run it in place).
import { isBlank, readRows, type CsvFormat, type RawRow } from './rows'
import type { ImportPlan } from './plan'
import { checkRow, type CheckedRow } from './validate'

export interface CheckedBatch {
  rows: CheckedRow[]
  /** The cells of each row, fixes applied, in the order of `rows`. */
  cells: string[][]
  blank: number
  ragged: number
  bytesRead: number
}

/**
 * Rows handed on at a time: one batch of lookups, one staged line and one insert statement's worth.
 * Small, so a batch's rows die young (in the scavenger) on both threads: with 2,000 rows they lived
 * long enough to be promoted, and the old generations grew to ~130 MB before each full collection
 * (measured at 100,000 rows: the check's peak RSS 345 MB with 2,000, 239 MB with 500).
 */
export const BATCH_ROWS = 500

/** What checking a file needs, all plain data: it is handed to the check's worker thread as it is. */
export interface CheckInput {
  path: string
  format: CsvFormat
  headerRow: number | null
  plan: ImportPlan
  /** Row → column → the value the user typed (ImportSession.fixes). */
  fixes: ReadonlyMap<number, ReadonlyMap<number, string>>
}

/** A row's cells with the user's fixes applied (a copy when there are any). */
export function withFixes(
  fixes: ReadonlyMap<number, ReadonlyMap<number, string>>,
  row: number,
  cells: readonly string[]
): string[] {
  const fixed = fixes.get(row)
  if (!fixed) return cells as string[]
  const out = [...cells]
  for (const [column, value] of fixed) {
    while (out.length <= column) out.push('')
    out[column] = value
  }
  return out
}

/**
 * The file's data rows, checked under the plan with the user's fixes applied, in batches, on the
 * calling thread. Blank lines and rows above the header are counted or dropped here.
 */
export async function* checkFile(input: CheckInput, signal?: AbortSignal): AsyncGenerator<CheckedBatch> {
  const { headerRow, format, plan, fixes } = input
  const width = plan.headers.length
  let pending: CheckedBatch = { rows: [], cells: [], blank: 0, ragged: 0, bytesRead: 0 }
  const take = (raw: RawRow): void => {
    if (headerRow !== null && raw.row <= headerRow) return
    if (isBlank(raw.cells)) {
      pending.blank++
      return
    }
    if (raw.cells.length !== width) pending.ragged++
    const cells = withFixes(fixes, raw.row, raw.cells)
    const checked = checkRow(raw.row, cells, plan, width)
    if (raw.quoteProblem && !fixes.has(raw.row)) checked.errors.push({ column: -1, message: raw.quoteProblem })
    pending.rows.push(checked)
    pending.cells.push(cells)
  }
  for await (const batch of readRows(input.path, format, { signal })) {
    pending.bytesRead = batch.bytesRead
    for (const raw of batch.rows) {
      take(raw)
      if (pending.rows.length >= BATCH_ROWS) {
        yield pending
        pending = { rows: [], cells: [], blank: 0, ragged: 0, bytesRead: batch.bytesRead }
      }
    }
  }
  if (pending.rows.length > 0 || pending.blank > 0) yield pending
}
