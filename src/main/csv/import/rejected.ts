import Papa from 'papaparse'
import { AppError } from '../../../shared/contract/errors'
import { duplicateMessage } from './analyze'
import { checkedBatches } from './pipeline'
import type { ImportSession } from './session'

/** Rows in the download at most: beyond this the file is the problem, not single rows. */
export const MAX_REJECTED = 100_000

// A spreadsheet runs a cell starting with one of these as a formula (full-width forms included).
const FORMULA_START = /^[\s]*[=+\-@＝＋－＠\t\r\n]/

function inert(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell
}

/**
 * The rows the import leaves out, as CSV: row number, the reasons, then the row as it was read
 * (fixes applied). Cells that a spreadsheet would run as formulas are made inert.
 */
export async function rejectedCsv(
  session: ImportSession,
  signal: AbortSignal
): Promise<{ fileName: string; csv: string; rows: number }> {
  const analysis = session.analysis
  if (!analysis) throw new AppError('CONFLICT', 'Check the rows first.')
  const { plan, duplicates } = analysis
  const out: string[][] = [['Row', 'Reason', ...plan.headers].map(inert)]
  let count = 0
  for await (const batch of checkedBatches(session, plan, signal)) {
    batch.rows.forEach((row, i) => {
      const reasons: string[] = []
      if (session.skips.has(row.row)) reasons.push('skipped')
      for (const error of row.errors) {
        reasons.push(error.column < 0 ? `Row ${error.message}` : `${plan.headers[error.column]} ${error.message}`)
      }
      const duplicate = duplicates.get(row.row)
      if (duplicate !== undefined && row.errors.length === 0) reasons.push(`Row ${duplicateMessage(duplicate)}`)
      if (reasons.length === 0) return
      count++
      if (count <= MAX_REJECTED) out.push([String(row.row), reasons.join('; '), ...batch.cells[i]!].map(inert))
    })
  }
  let csv = Papa.unparse(out, { newline: '\r\n' })
  if (count > MAX_REJECTED) csv += `\r\n"…and ${(count - MAX_REJECTED).toLocaleString('en')} more rows not listed"`
  const base = session.file.name.replace(/\.[^.]*$/, '')
  return { fileName: `${base} - rejected rows.csv`, csv: '\ufeff' + csv, rows: count }
}
