/*
 * The CSV cell encoding of Lead Manager's export, written once in plain TypeScript. The export
 * itself builds its text inside SQLite (src/main/csv/sql-cells.ts) for speed; tests hold the two
 * to the same bytes. The importer reads cells back with `unguardCell`. docs/csv-format.md says
 * the same in prose.
 */

export type CsvDelimiter = ',' | ';' | '\t'

export interface CellOptions {
  delimiter: CsvDelimiter
  /** Make every cell a spreadsheet would run as a formula inert (the default), or write values raw. */
  guard: boolean
}

/** What a spreadsheet reads as the start of a formula (or DDE), when it is a cell's first character. */
export const FORMULA_TRIGGERS: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '\uFF1D', // ＝ full-width forms, which some spreadsheets (and IMEs) fold to ASCII
  '\uFF0B', // ＋
  '\uFF0D', // －
  '\uFF20' // ＠
]

/**
 * Spaces skipped before looking for a trigger: spreadsheets trim some of them before parsing, and
 * which ones differs between them, so every Unicode space counts. Tab, CR and LF are triggers.
 */
export const LEADING_SPACES: readonly string[] = [
  ' ',
  '\u000B',
  '\u000C',
  '\u00A0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200A',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u3000',
  '\uFEFF'
]

const TRIGGER_SET = new Set(FORMULA_TRIGGERS)
const SPACE_SET = new Set(LEADING_SPACES)

/** The guard's mark: one apostrophe before the value, inside the quotes. */
export const GUARD_PREFIX = "'"

/** A spreadsheet would read this value as a formula: its first character after leading spaces is a trigger. */
export function isFormulaLike(value: string): boolean {
  let i = 0
  while (i < value.length && SPACE_SET.has(value[i]!)) i++
  return i < value.length && TRIGGER_SET.has(value[i]!)
}

/**
 * Apostrophes, then something formula-like: a value that would read as guarded. It gets one more
 * apostrophe whether or not the guard is on, so that reading back is never ambiguous.
 */
function looksGuarded(value: string): boolean {
  let i = 0
  while (i < value.length && value[i] === GUARD_PREFIX) i++
  return i > 0 && isFormulaLike(value.slice(i))
}

/** Whether the export puts the guard's apostrophe before this value. */
export function needsGuardPrefix(value: string, guard: boolean): boolean {
  return (guard && isFormulaLike(value)) || looksGuarded(value)
}

/** The importer's inverse: drops the apostrophe the export added, and nothing else. */
export function unguardCell(cell: string): string {
  return looksGuarded(cell) ? cell.slice(1) : cell
}

/**
 * One cell: nothing for null or empty; anything else in double quotes (RFC 4180, quotes doubled),
 * with the guard's apostrophe first when the value is formula-like. Every value is quoted, not
 * only those holding a quote, delimiter or line break: it reads the same everywhere, and it is
 * what lets SQLite write the file fast (finding those characters costs more than quoting).
 */
export function encodeCell(value: string | number | null | undefined, options: CellOptions): string {
  if (value === null || value === undefined) return ''
  // A NUL character ends the text: spreadsheets cannot hold one, and SQLite's printf stops there too.
  const whole = String(value)
  const nul = whole.indexOf('\0')
  const text = nul < 0 ? whole : whole.slice(0, nul)
  if (text === '') return ''
  const prefix = needsGuardPrefix(text, options.guard) ? GUARD_PREFIX : ''
  return `"${prefix}${text.replace(/"/g, '""')}"`
}

export function encodeRow(values: readonly (string | number | null | undefined)[], options: CellOptions): string {
  return values.map((value) => encodeCell(value, options)).join(options.delimiter)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/**
 * An ISO-8601 instant as Excel reads a date and time without help: `YYYY-MM-DD HH:MM:SS`, in the
 * computer's local time zone (what the app shows), seconds truncated. Empty when not a date.
 */
export function excelDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return ''
  // A date and time without a zone is UTC, as SQLite reads it (JavaScript would read local time).
  const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(iso)
  const date = new Date(zoneless ? `${iso.replace(' ', 'T')}Z` : iso)
  if (Number.isNaN(date.getTime())) return ''
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  )
}
