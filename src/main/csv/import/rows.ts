import { createReadStream } from 'node:fs'
import Papa from 'papaparse'
import type { ImportDelimiter, ImportEncoding } from '../../../shared/contract'
import { createDecoder } from './encoding'
import { ImportCancelled, ImportFileError } from './errors'

export type Newline = '\n' | '\r\n' | '\r'

/** How to read a file: what sniffing found, or what the user chose instead. */
export interface CsvFormat {
  encoding: ImportEncoding
  delimiter: ImportDelimiter
  newline: Newline
}

/** One record of the file. `row` is its row number as a spreadsheet shows it (1-based, blank lines counted). */
export interface RawRow {
  row: number
  cells: string[]
  /** Set when the quotes of this record are broken (papaparse could not close a quoted field). */
  quoteProblem?: string
}

export interface RowBatch {
  rows: RawRow[]
  bytesRead: number
}

/** Decoded text parsed at a time; bigger when a record is longer, so a long record is not re-parsed over and over. */
const PARSE_AT = 256 * 1024
/** A record longer than this means a quote that never closes, not a real cell. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024
const READ_CHUNK = 256 * 1024

export interface ReadOptions {
  signal?: AbortSignal
  /** Stop after this many records (the sniffer reads a sample). */
  maxRows?: number
  /** Stop after this many bytes (the sniffer reads a sample); the last, partial record is dropped. */
  maxBytes?: number
}

export function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false
  return true
}

/**
 * Streams the records of a CSV file in batches, never holding more than a chunk plus the current
 * record: bytes → decoder (refusing bytes the encoding cannot hold) → papaparse's parser, fed
 * through its ignore-last-row mode so records that straddle chunks are completed with the next.
 */
export async function* readRows(path: string, format: CsvFormat, options: ReadOptions = {}): AsyncGenerator<RowBatch> {
  const decoder = createDecoder(format.encoding, 0)
  const parser = new Papa.Parser({ delimiter: format.delimiter, newline: format.newline, quoteChar: '"' })
  const stream = createReadStream(path, {
    highWaterMark: READ_CHUNK,
    end: options.maxBytes !== undefined ? options.maxBytes - 1 : undefined
  })
  let pending = ''
  let parseAt = PARSE_AT
  let row = 0
  let bytesRead = 0
  const maxRows = options.maxRows ?? Infinity

  const take = (text: string, last: boolean): RawRow[] => {
    const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]> & { meta: { cursor: number } }
    let data = result.data
    if (last && data.length > 0 && /(\r\n|\n|\r)$/.test(text) && isBlank(data[data.length - 1]!)) {
      // A final line break ends the last record; it does not start an empty one.
      data = data.slice(0, -1)
    }
    const problems = new Map<number, string>()
    for (const error of result.errors) {
      if (error.type === 'Quotes' && error.row !== undefined && error.row < data.length) {
        problems.set(error.row, 'a quoted cell is not closed properly (a stray " in the cell?)')
      }
    }
    pending = last ? '' : text.slice(result.meta.cursor)
    const rows: RawRow[] = new Array<RawRow>(data.length)
    for (let i = 0; i < data.length; i++) {
      const cells = data[i]!
      // A CR left by a file whose lines end in CRLF and LF both.
      const tail = cells[cells.length - 1]
      if (tail !== undefined && tail.endsWith('\r')) cells[cells.length - 1] = tail.slice(0, -1)
      const problem = problems.get(i)
      rows[i] = problem ? { row: ++row, cells, quoteProblem: problem } : { row: ++row, cells }
    }
    return rows
  }

  try {
    for await (const chunk of stream) {
      if (options.signal?.aborted) throw new ImportCancelled()
      const bytes = chunk as Buffer
      bytesRead += bytes.length
      pending += decoder.write(bytes)
      if (pending.length < parseAt) continue
      const rows = take(pending, false)
      if (pending.length > MAX_RECORD_CHARS) {
        throw new ImportFileError(
          'UNBALANCED_QUOTE',
          `Row ${(row + 1).toLocaleString('en')} never ends: a quote (") opens a cell that is not closed within ` +
            `${MAX_RECORD_CHARS / 1024 / 1024} MB. Check the quotes on that row.`
        )
      }
      // Parse again only once there is as much new text as the unfinished record is long.
      parseAt = Math.max(PARSE_AT, pending.length * 2)
      if (rows.length > 0) {
        if (row >= maxRows) {
          yield { rows: rows.slice(0, rows.length - (row - maxRows)), bytesRead }
          return
        }
        yield { rows, bytesRead }
      }
    }
    if (options.maxBytes !== undefined && bytesRead >= options.maxBytes) {
      // A sample: the text after the last complete record is cut off, not a record of its own.
      const rows = take(pending, false)
      if (rows.length > 0)
        yield { rows: rows.slice(0, Math.max(0, rows.length - Math.max(0, row - maxRows))), bytesRead }
      return
    }
    pending += decoder.end()
    const rows = take(pending, true)
    if (rows.length > 0) yield { rows: rows.slice(0, Math.max(0, rows.length - Math.max(0, row - maxRows))), bytesRead }
  } finally {
    stream.destroy()
  }
}

/** Line ending of the decoded sample, counting only breaks outside quotes (Excel puts LF inside cells, CRLF between rows). */
export function detectNewline(text: string): Newline {
  let crlf = 0
  let lf = 0
  let cr = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) quoted = !quoted
    else if (quoted) continue
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++
        i++
      } else cr++
    } else if (c === 10) lf++
  }
  if (crlf > 0 && crlf >= lf) return '\r\n'
  if (lf > 0) return '\n'
  if (cr > 0) return '\r'
  return '\n'
}
