import type { ColumnMapping, ImportCounts, ImportOptions, ImportSummary } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import type { Database, Tx } from '../../db'
import { diffLead } from './changes'
import { findMatches, type ConnectionOf, type Match } from './dedupe'
import { cacheHasLeads, connectionNames } from './lead-store'
import { checkedBatches, type CheckedBatch } from './pipeline'
import { compilePlan, type ImportPlan } from './plan'
import { SeenKeys, type SeenKey } from './seen-store'
import { StageWriter } from './staged'
import { DUPLICATE_KEYS, zeroCounts, type GridEntry, type ImportSession, type RowAction } from './session'
import type { CheckedRow } from './validate'
import { orderEvidence, type DayOrder } from './values/dates'

/** The first rows of the file are always in the grid, problem or not. */
export const GRID_FIRST_ROWS = 200
/** Problem rows the grid keeps; beyond this they are only counted (and still refused at commit). */
export const GRID_MAX_PROBLEMS = 20_000

export interface Progress {
  rows: number
  fraction: number | null
}

type Reader = Pick<Tx, 'all'>

/** Maps a connection reference (id or name, as exported) to a live connection id; unknown ones go to the import's. */
export async function connectionResolver(db: Reader, options: ImportOptions): Promise<ConnectionOf> {
  const rows = await connectionNames(db)
  const target = rows.find((c) => c.id === options.connectionId && c.archived === 0)
  if (!target) throw new AppError('NOT_FOUND', 'Choose a connection for the imported leads: that one no longer exists.')
  const byId = new Map(rows.filter((c) => c.archived === 0).map((c) => [c.id, c.id]))
  const byName = new Map<string, string | null>()
  for (const c of rows.filter((c) => c.archived === 0)) {
    const key = c.name.trim().toLowerCase()
    byName.set(key, byName.has(key) ? null : c.id)
  }
  return (reference) => {
    if (!reference) return target.id
    return byId.get(reference) ?? byName.get(reference.trim().toLowerCase()) ?? target.id
  }
}

function sampleDayOrder(session: ImportSession, mapping: readonly ColumnMapping[]): DayOrder | null {
  const dateColumns = mapping
    .filter((m) => m.target === 'createdAt' || m.target === 'updatedAt' || m.target === 'lastMessageAt')
    .map((m) => m.column)
  for (const record of session.sniffed.sample) {
    for (const column of dateColumns) {
      const evidence = orderEvidence(record.cells[column] ?? '')
      if (evidence) return evidence
    }
  }
  return null
}

export function planFor(session: ImportSession, mapping: ColumnMapping[], options: ImportOptions): ImportPlan {
  return compilePlan(session.sniffed.headers, mapping, options, sampleDayOrder(session, mapping))
}

/** What a checked row would do, given the leads it matches. */
export function classify(
  row: CheckedRow,
  match: Match | undefined,
  options: ImportOptions,
  skipped: boolean
): { action: RowAction; leadsChanged: number } {
  if (row.errors.length > 0) return { action: 'error', leadsChanged: 0 }
  if (skipped) return { action: 'skipped', leadsChanged: 0 }
  if (!match) return { action: options.mode === 'update' ? 'ignored' : 'create', leadsChanged: 0 }
  if (options.mode === 'create') return { action: 'ignored', leadsChanged: 0 }
  const changed = match.leads.filter((lead) => diffLead(lead, row.values) !== null).length
  return { action: changed > 0 ? 'update' : 'unchanged', leadsChanged: changed }
}

export function tally(counts: ImportCounts, action: RowAction, leadsChanged: number, sign: 1 | -1): void {
  if (action === 'create') counts.create += sign
  else if (action === 'update') counts.update += sign
  else if (action === 'unchanged') counts.unchanged += sign
  else if (action === 'ignored') counts.ignored += sign
  else {
    counts.skipped += sign
    if (action === 'error') counts.errors += sign
  }
  counts.leadsUpdated += sign * leadsChanged
}

/**
 * The keys a row is compared with earlier rows by, as enabled for matching. A platform id counts
 * within its connection: both go into its key, unambiguously.
 */
export function rowKeys(row: CheckedRow, options: ImportOptions, connectionOf: ConnectionOf): (string | null)[] {
  return [
    options.matchBy.remoteId && row.keys.remoteId
      ? JSON.stringify([connectionOf(row.keys.connection), row.keys.remoteId])
      : null,
    options.matchBy.email ? row.keys.email : null,
    options.matchBy.phone ? row.keys.phone : null
  ]
}

/**
 * A copy of a string that shares no memory with the text it was cut from. Cells are slices of
 * the parser's input chunk; kept as they are (grid rows), each would hold its whole chunk in memory.
 * Concatenating and slicing again makes V8 flatten the string into a buffer of its own.
 */
export function detach(text: string): string {
  return (text + ' ').slice(0, -1)
}

/**
 * Marks the rows of a batch that repeat a key of an earlier row (of this batch or one before), in
 * the order of the file: the first row with a key keeps it, a repeat is an error naming that row.
 * A repeat's own keys are not recorded. The keys of earlier batches are in `seen`, on disk.
 */
export async function markRepeats(
  rows: readonly CheckedRow[],
  seen: SeenKeys,
  keysOf: (row: CheckedRow) => (string | null)[],
  onRepeat: (row: CheckedRow, encoded: number) => void
): Promise<void> {
  const candidates = rows.filter((row) => row.errors.length === 0).map((row) => ({ row, keys: keysOf(row) }))
  const asked: SeenKey[] = []
  const at = candidates.map(({ keys }) => keys.map((key, kind) => (key === null ? -1 : asked.push([kind, key]) - 1)))
  const earlier = await seen.earlier(asked)
  const inBatch = new Map<string, number>()
  const fresh: [number, string, number][] = []
  candidates.forEach(({ row, keys }, c) => {
    for (let kind = 0; kind < keys.length; kind++) {
      const key = keys[kind]
      if (key === null || key === undefined) continue
      const first = earlier.get(at[c]![kind]!) ?? inBatch.get(`${kind}:${key}`)
      if (first !== undefined) return onRepeat(row, first * 4 + kind)
    }
    keys.forEach((key, kind) => {
      if (key === null) return
      inBatch.set(`${kind}:${key}`, row.row)
      fresh.push([kind, key, row.row])
    })
  })
  await seen.add(fresh)
}

export function duplicateMessage(encoded: number): string {
  const of = Math.floor(encoded / 4)
  return `repeats row ${of.toLocaleString('en')} (same ${DUPLICATE_KEYS[encoded % 4]})`
}

/** Numbers the staged files of a session: a new check writes beside the last until it replaces it. */
let stagings = 0

/**
 * Reads the whole file under a mapping: every row checked, matched against the cache and against
 * the rows before it. Writes nothing to the cache; keeps the first rows and the problem rows for the
 * grid, and (with a stage directory) every checked row on disk for the commit.
 */
export async function analyze(
  db: Database,
  session: ImportSession,
  mapping: ColumnMapping[],
  options: ImportOptions,
  signal: AbortSignal,
  onProgress: (progress: Progress) => void
): Promise<ImportSummary> {
  const plan = planFor(session, mapping, options)
  const connectionOf = await connectionResolver(db, options)
  const counts = zeroCounts()
  const grid = new Map<number, GridEntry>()
  const duplicates = new Map<number, number>()
  let problems = 0
  let truncated = false
  // An empty cache has nothing to match: the lookups are skipped (repeats within the file still count).
  const anyLeads = await cacheHasLeads(db)
  const markRepeatsOf = (batch: CheckedBatch, seen: SeenKeys): Promise<void> =>
    markRepeats(
      batch.rows,
      seen,
      (row) => rowKeys(row, options, connectionOf),
      (row, encoded) => {
        duplicates.set(row.row, encoded)
        row.errors.push({ column: -1, message: duplicateMessage(encoded) })
        counts.duplicatesInFile++
      }
    )
  const checkBatch = async (batch: CheckedBatch, repeats: Promise<void>): Promise<void> => {
    await repeats
    counts.blankLines += batch.blank
    counts.raggedRows += batch.ragged
    counts.rows += batch.rows.length
    const valid = batch.rows.filter((row) => row.errors.length === 0)
    const matches = anyLeads ? await findMatches(db, valid, options, connectionOf) : new Map<number, Match>()
    batch.rows.forEach((row, i) => {
      const skipped = session.skips.has(row.row)
      const { action, leadsChanged } = classify(row, matches.get(row.row), options, skipped)
      tally(counts, action, leadsChanged, 1)
      const problem = action === 'error' || action === 'skipped'
      if (problem) problems++
      if (row.row <= GRID_FIRST_ROWS + (session.sniffed.headerRow ?? 0) || (problem && problems <= GRID_MAX_PROBLEMS)) {
        grid.set(row.row, {
          row: row.row,
          cells: batch.cells[i]!.map(detach),
          errors: row.errors,
          action,
          matches: matches.get(row.row)?.leads.length ?? 0,
          leadsChanged
        })
      } else if (problem) truncated = true
    })
    onProgress({
      rows: counts.rows,
      fraction: session.file.size > 0 ? Math.min(1, batch.bytesRead / session.file.size) : null
    })
  }
  const stage = session.stageDir ? await StageWriter.create(session.stageDir, `${session.id}-${++stagings}`) : null
  const seen = await SeenKeys.open()
  // A batch's repeats are looked up (on SQLite's thread) while the next batch is read and checked.
  let waiting: { batch: CheckedBatch; repeats: Promise<void> } | null = null
  try {
    for await (const batch of checkedBatches(session, plan, signal)) {
      // As checked, before the repeats are marked: the commit marks them from `duplicates`, as a fix may settle one.
      await stage?.write({ rows: batch.rows, blank: batch.blank, ragged: batch.ragged, bytesRead: batch.bytesRead })
      const repeats: Promise<void> = (waiting?.repeats ?? Promise.resolve()).then(() => markRepeatsOf(batch, seen))
      // Failing, it fails where it is awaited; until then it must not count as unhandled.
      repeats.catch(() => undefined)
      if (waiting) await checkBatch(waiting.batch, waiting.repeats)
      waiting = { batch, repeats }
    }
    if (waiting) await checkBatch(waiting.batch, waiting.repeats)
  } catch (err) {
    await stage?.discard()
    throw err
  } finally {
    await waiting?.repeats.catch(() => undefined)
    await seen.close()
  }
  const staged = stage ? await stage.finish() : null
  if (counts.rows === 0) {
    await stage?.discard()
    throw new AppError('INVALID_FILE', 'The file has no rows of data under its header.')
  }

  const warnings = [...session.sniffed.warnings]
  if (counts.blankLines > 0) warnings.push(`${counts.blankLines.toLocaleString('en')} blank line(s) skipped.`)
  if (counts.raggedRows > 0)
    warnings.push(
      `${counts.raggedRows.toLocaleString('en')} row(s) have a different number of cells than the header: missing cells count as empty.`
    )
  if (
    options.dateOrder === 'auto' &&
    plan.dayOrder === 'month-first' &&
    sampleDayOrder(session, mapping) === null &&
    hasDates(plan)
  )
    warnings.push('Dates such as 03/04/2025 are read month first (US). Choose "day first" if they are European.')
  await session.setAnalysis({ plan, mapping, counts, grid, duplicates, truncated, warnings, staged })
  session.lastOptions = options
  return summaryOf(session)
}

function hasDates(plan: ImportPlan): boolean {
  return (
    plan.field.createdAt !== undefined || plan.field.updatedAt !== undefined || plan.field.lastMessageAt !== undefined
  )
}

export function summaryOf(session: ImportSession): ImportSummary {
  const analysis = session.analysis
  if (!analysis) throw new AppError('CONFLICT', 'Check the file first (choose the columns, then "Check rows").')
  return {
    sessionId: session.id,
    counts: { ...analysis.counts },
    gridRows: analysis.grid.size,
    truncated: analysis.truncated,
    warnings: analysis.warnings
  }
}
