import type { GridRow, ImportCounts } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import type { Database } from '../../db'
import { classify, connectionResolver, duplicateMessage, tally } from './analyze'
import { findMatches } from './dedupe'
import type { ImportPlan } from './plan'
import type { Analysis, GridEntry, ImportSession } from './session'
import { checkRow } from './validate'

/** Characters of a cell sent to the grid: a 1 MB note is shown as its start and its length. */
const CELL_PREVIEW = 2000

function preview(text: string): string {
  return text.length <= CELL_PREVIEW
    ? text
    : `${text.slice(0, CELL_PREVIEW)}… (${text.length.toLocaleString('en')} characters)`
}

export function toGridRow(entry: GridEntry, plan: ImportPlan, session: ImportSession): GridRow {
  return {
    row: entry.row,
    cells: plan.shown.map((column) => preview(entry.cells[column] ?? '')),
    errors: entry.errors.map((e) => ({ column: e.column, message: e.message })),
    action: entry.action,
    matches: entry.matches,
    skipped: session.skips.has(entry.row),
    fixed: [...(session.fixes.get(entry.row)?.keys() ?? [])]
  }
}

function analysisOf(session: ImportSession): Analysis {
  if (!session.analysis) throw new AppError('CONFLICT', 'Check the rows first.')
  return session.analysis
}

const isProblem = (entry: GridEntry): boolean => entry.action === 'error' || entry.action === 'skipped'

export function gridPage(
  session: ImportSession,
  onlyProblems: boolean,
  offset: number,
  limit: number
): { rows: GridRow[]; total: number } {
  const analysis = analysisOf(session)
  const entries = [...analysis.grid.values()].filter((e) => !onlyProblems || isProblem(e) || session.fixes.has(e.row))
  return {
    rows: entries.slice(offset, offset + limit).map((e) => toGridRow(e, analysis.plan, session)),
    total: entries.length
  }
}

/** The column a duplicate's key comes from: fixing it may settle the duplicate. */
function keyColumns(plan: ImportPlan, kind: number): number[] {
  const f = plan.field
  const columns = kind === 0 ? [f.remoteId, f.connection] : kind === 1 ? [f.email] : [f.phone, f.phonePrefix, f.country]
  return columns.filter((c): c is number => c !== undefined)
}

/** Checks one grid row again (after a fix or a skip) and moves its counts from its old verdict to the new. */
async function recheck(
  db: Database,
  session: ImportSession,
  entry: GridEntry,
  fixedColumn: number | null
): Promise<void> {
  const analysis = analysisOf(session)
  const options = session.lastOptions!
  const duplicate = analysis.duplicates.get(entry.row)
  if (
    duplicate !== undefined &&
    fixedColumn !== null &&
    keyColumns(analysis.plan, duplicate % 4).includes(fixedColumn)
  ) {
    analysis.duplicates.delete(entry.row)
    analysis.counts.duplicatesInFile--
  }
  const checked = checkRow(entry.row, entry.cells, analysis.plan, analysis.plan.headers.length)
  const still = analysis.duplicates.get(entry.row)
  if (still !== undefined && checked.errors.length === 0)
    checked.errors.push({ column: -1, message: duplicateMessage(still) })
  const connectionOf = await connectionResolver(db, options)
  const matches = checked.errors.length === 0 ? await findMatches(db, [checked], options, connectionOf) : new Map()
  const match = matches.get(entry.row)
  const verdict = classify(checked, match, options, session.skips.has(entry.row))
  tally(analysis.counts, entry.action, entry.leadsChanged, -1)
  tally(analysis.counts, verdict.action, verdict.leadsChanged, 1)
  Object.assign(entry, {
    errors: checked.errors,
    action: verdict.action,
    leadsChanged: verdict.leadsChanged,
    matches: match?.leads.length ?? 0
  })
}

function entryOf(session: ImportSession, row: number): GridEntry {
  const entry = analysisOf(session).grid.get(row)
  if (!entry) throw new AppError('NOT_FOUND', `Row ${row} is not in the grid.`)
  return entry
}

export async function fixCell(
  db: Database,
  session: ImportSession,
  row: number,
  column: number,
  value: string
): Promise<{ row: GridRow; counts: ImportCounts }> {
  const entry = entryOf(session, row)
  const analysis = analysisOf(session)
  if (column >= analysis.plan.headers.length) throw new AppError('INVALID_INPUT', `There is no column ${column + 1}.`)
  const fixes = session.fixes.get(row) ?? new Map<number, string>()
  fixes.set(column, value)
  session.fixes.set(row, fixes)
  entry.cells = session.cellsWithFixes(row, entry.cells)
  await recheck(db, session, entry, column)
  return { row: toGridRow(entry, analysis.plan, session), counts: { ...analysis.counts } }
}

export async function skipRow(
  db: Database,
  session: ImportSession,
  row: number,
  skip: boolean
): Promise<{ row: GridRow; counts: ImportCounts }> {
  const entry = entryOf(session, row)
  if (skip) session.skips.add(row)
  else session.skips.delete(row)
  await recheck(db, session, entry, null)
  const analysis = analysisOf(session)
  return { row: toGridRow(entry, analysis.plan, session), counts: { ...analysis.counts } }
}
