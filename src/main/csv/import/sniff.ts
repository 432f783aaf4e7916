import { open } from 'node:fs/promises'
import type { ImportDelimiter, ImportEncoding } from '../../../shared/contract'
import { IMPORT_DELIMITERS } from '../../../shared/contract'
import { createDecoder, detectEncoding } from './encoding'
import { ImportFileError } from './errors'
import { guessTarget } from './headers'
import { detectNewline, isBlank, readRows, type CsvFormat, type RawRow } from './rows'

/** Bytes read to decide encoding, delimiter and header. */
const SAMPLE_BYTES = 256 * 1024
const SAMPLE_ROWS = 200
export const PREVIEW_ROWS = 20
/** Columns beyond this are not a lead list (or the delimiter is wrong). */
export const MAX_COLUMNS = 4096

export interface SniffOverrides {
  encoding?: ImportEncoding
  delimiter?: ImportDelimiter
  /** Spreadsheet row of the header; null: the file has none. */
  headerRow?: number | null
}

export interface Sniffed {
  format: CsvFormat
  encodingSource: 'bom' | 'detected' | 'chosen'
  headerRow: number | null
  headers: string[]
  /** Data rows after the header in the sample (blank ones left out). */
  sample: RawRow[]
  warnings: string[]
}

async function readSample(path: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>()
  let best = 0
  let bestCount = 0
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1
    counts.set(v, c)
    if (c > bestCount || (c === bestCount && v > best)) [best, bestCount] = [v, c]
  }
  return best
}

/** Cells up to the last non-empty one. */
function filled(cells: readonly string[]): number {
  let n = cells.length
  while (n > 0 && cells[n - 1]!.trim() === '') n--
  return n
}

/**
 * The delimiter that splits the sample's lines into the most consistent number of cells (more
 * than one): papaparse's own guess looks at fewer rows and ignores semicolon-vs-comma ties.
 */
export function guessDelimiter(records: (d: ImportDelimiter) => string[][]): ImportDelimiter {
  let best: { delimiter: ImportDelimiter; score: number; width: number } = { delimiter: ',', score: 0, width: 0 }
  for (const delimiter of IMPORT_DELIMITERS) {
    const rows = records(delimiter).filter((cells) => !isBlank(cells))
    if (rows.length === 0) continue
    const widths = rows.map((cells) => cells.length)
    const width = mode(widths)
    if (width < 2) continue
    const score = widths.filter((w) => w === width).length / widths.length
    if (score > best.score + 0.05 || (Math.abs(score - best.score) <= 0.05 && width > best.width))
      best = { delimiter, score, width }
  }
  return best.delimiter
}

const DATA_LIKE = [
  /@/, // an e-mail address
  /^[+(]?\d[\d\s().-]{5,}$/, // a phone number
  /^-?\d+([.,]\d+)?$/, // a number
  /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/ // a date
]

function looksLikeHeader(cells: readonly string[], width: number): boolean {
  const texts = cells.map((c) => c.trim()).filter(Boolean)
  if (texts.length < Math.min(2, width) || texts.length < width * 0.5) return false
  if (texts.some((t) => t.length > 100 || DATA_LIKE.some((p) => p.test(t)))) return false
  if (new Set(texts.map((t) => t.toLowerCase())).size < texts.length * 0.8) return false
  return true
}

/**
 * The header row: the first of the first ten non-blank records that looks like labels (short,
 * distinct, no e-mails, numbers or dates) and is about as wide as the data below it; a title line
 * above it ("Leads, exported 2025-03-01") is skipped. Null when the first record is data.
 */
export function findHeader(records: readonly RawRow[]): RawRow | null {
  const nonBlank = records.filter((r) => !isBlank(r.cells)).slice(0, 60)
  if (nonBlank.length === 0) return null
  const width = mode(nonBlank.slice(1).map((r) => filled(r.cells))) || filled(nonBlank[0]!.cells)
  for (const record of nonBlank.slice(0, 10)) {
    if (filled(record.cells) < width * 0.8 && filled(record.cells) < 2) continue
    if (looksLikeHeader(record.cells, width)) return record
    // A data row before any header-like row: the file has none, unless its cells are known headers.
    if (record.cells.filter((c) => guessTarget(c) !== null).length >= 2) return record
    return null
  }
  return null
}

/** Header names as shown: trimmed, blanks named by position, repeats numbered. */
export function headerNames(cells: readonly string[], width: number, warnings: string[]): string[] {
  const names: string[] = []
  const seen = new Map<string, number>()
  for (let i = 0; i < width; i++) {
    const base = (cells[i] ?? '').trim() || `Column ${i + 1}`
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1
    seen.set(base.toLowerCase(), count)
    names.push(count === 1 ? base : `${base} (${count})`)
  }
  const repeated = [...seen].filter(([, n]) => n > 1).map(([name]) => `"${name}"`)
  if (repeated.length > 0)
    warnings.push(`The header repeats ${repeated.join(', ')}: the repeats are numbered and start as unmapped.`)
  return names
}

export async function sniff(path: string, size: number, overrides: SniffOverrides = {}): Promise<Sniffed> {
  if (size === 0) throw new ImportFileError('EMPTY', 'The file is empty.')
  const bytes = await readSample(path)
  const whole = size <= SAMPLE_BYTES
  const warnings: string[] = []
  let encodingSource: Sniffed['encodingSource'] = 'chosen'
  let encoding: ImportEncoding
  if (overrides.encoding) encoding = overrides.encoding
  else {
    const detected = detectEncoding(bytes, whole)
    encoding = detected.encoding
    encodingSource = detected.source
    if (detected.warning) warnings.push(detected.warning)
  }
  const decoder = createDecoder(encoding, 0)
  const text = decoder.write(bytes) + (whole ? decoder.end() : '')
  if (text.trim() === '') throw new ImportFileError('EMPTY', 'The file holds only blank lines.')
  const newline = detectNewline(text)

  const sampleOf = async (delimiter: ImportDelimiter): Promise<RawRow[]> => {
    const rows: RawRow[] = []
    const format = { encoding, delimiter, newline }
    for await (const batch of readRows(path, format, {
      maxRows: SAMPLE_ROWS,
      maxBytes: whole ? undefined : SAMPLE_BYTES
    }))
      rows.push(...batch.rows)
    return rows
  }
  let delimiter = overrides.delimiter
  if (!delimiter) {
    const samples = new Map<ImportDelimiter, RawRow[]>()
    for (const d of IMPORT_DELIMITERS) samples.set(d, await sampleOf(d))
    delimiter = guessDelimiter((d) => (samples.get(d) ?? []).map((r) => r.cells))
  }
  let records = await sampleOf(delimiter)
  if (!whole && records.filter((r) => !isBlank(r.cells)).length < 2) {
    // A first data row longer than the sample (a 1 MB cell): read on until it ends.
    records = []
    for await (const batch of readRows(path, { encoding, delimiter, newline }, { maxRows: SAMPLE_ROWS }))
      records.push(...batch.rows)
  }

  let header: RawRow | null
  if (overrides.headerRow === null) header = null
  else if (overrides.headerRow !== undefined) {
    header = records.find((r) => r.row === overrides.headerRow) ?? null
    if (!header) throw new ImportFileError('NO_ROWS', `The file has no row ${overrides.headerRow} in its first part.`)
  } else header = findHeader(records)

  const data = records.filter((r) => (header ? r.row > header.row : true) && !isBlank(r.cells))
  if (data.length === 0) {
    throw new ImportFileError(
      'NO_ROWS',
      header ? 'The file has a header row but no rows of data under it.' : 'The file has no rows of data.'
    )
  }
  // The header says how many columns there are; without one, the rows do.
  const width = header ? filled(header.cells) : mode(data.map((r) => filled(r.cells)))
  if (width > MAX_COLUMNS) {
    throw new ImportFileError(
      'TOO_WIDE',
      `The file has ${width} columns; a lead list has far fewer. Is the delimiter right?`
    )
  }
  if (width < 2 && !overrides.delimiter) {
    warnings.push('Every row is one column: if the file has more, choose its delimiter.')
  }
  const headers = header ? headerNames(header.cells, width, warnings) : headerNames([], width, [])
  if (!header) warnings.push('No header row found: columns are numbered. Choose the header row if the file has one.')
  else if (header.row > 1) warnings.push(`The header is on row ${header.row}; the rows above it are skipped.`)
  return {
    format: { encoding, delimiter, newline },
    encodingSource,
    headerRow: header?.row ?? null,
    headers,
    sample: data.slice(0, SAMPLE_ROWS),
    warnings
  }
}
