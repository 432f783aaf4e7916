import type { ExportOptions } from '../../shared/contract/csv-export'
import { encodeRow } from '../../shared/csv/cells'
import { headerOf, type ExportColumnId } from '../../shared/csv/columns'
import type { Database } from '../db'
import { ExportSnapshot, type CompiledSelection, type ExportPage } from './export-store'
import { pinLocalTimeZone } from './local-time'

export type { CompiledSelection } from './export-store'

export interface ExportPlan {
  selection: CompiledSelection
  columns: readonly ExportColumnId[]
  options: ExportOptions
}

export interface RunProgress {
  phase: 'counting' | 'writing'
  rows: number
  total: number | null
  bytes: number
}

export type WriteChunk = (chunk: Buffer) => Promise<void>

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.')
    this.name = 'ExportCancelled'
  }
}

// Pages aim at a few MB of text: big enough that a page costs one round trip per few thousand
// rows, small enough that a run of leads with megabyte notes does not balloon memory.
const FIRST_PAGE_ROWS = 500
const MAX_PAGE_ROWS = 5000
const TARGET_PAGE_BYTES = 4 * 2 ** 20

export function newlineOf(options: ExportOptions): string {
  return options.format === 'excel' ? '\r\n' : '\n'
}

/** The BOM (Excel format only) and the header line. */
export function headerBytes(columns: readonly ExportColumnId[], options: ExportOptions): Buffer {
  const bom = options.format === 'excel' ? '\uFEFF' : ''
  return Buffer.from(bom + encodeRow(columns.map(headerOf), options) + newlineOf(options), 'utf8')
}

function nextPageRows(rows: number, bytes: number): number {
  if (bytes === 0) return MAX_PAGE_ROWS
  return Math.max(1, Math.min(MAX_PAGE_ROWS, Math.floor((rows * TARGET_PAGE_BYTES) / bytes)))
}

/**
 * Writes the whole export through `write`, page by page, from one read snapshot (see
 * ExportSnapshot). The next page is read while the current one is written.
 */
export async function runExport(
  db: Database,
  plan: ExportPlan,
  write: WriteChunk,
  { signal, onProgress }: { signal: AbortSignal; onProgress(progress: RunProgress): void }
): Promise<{ rows: number; bytes: number }> {
  if (plan.options.format === 'excel') pinLocalTimeZone()
  const snapshot = await ExportSnapshot.open(db)
  let pending: Promise<ExportPage> | null = null
  try {
    onProgress({ phase: 'counting', rows: 0, total: null, bytes: 0 })
    const total = await snapshot.collect(plan.selection)
    if (signal.aborted) throw new ExportCancelled()

    const header = headerBytes(plan.columns, plan.options)
    await write(header)
    let bytes = header.length
    let rows = 0
    onProgress({ phase: 'writing', rows, total, bytes })

    const read = await snapshot.pages(plan.columns, plan.options)
    // The next page is read while this one is written: a page that fails meanwhile is not yet
    // awaited, and must not count as an unhandled rejection (the loop awaits it next).
    const fetch = (first: number, count: number): Promise<ExportPage> => {
      const page = read(first, count)
      page.catch(() => undefined)
      return page
    }
    let position = 1
    let size = Math.min(FIRST_PAGE_ROWS, total)
    pending = total > 0 ? fetch(position, size) : null
    while (pending) {
      const { chunk, n } = await pending
      pending = null
      position += size
      size = nextPageRows(size, chunk?.length ?? 0)
      if (position <= total && !signal.aborted) pending = fetch(position, size)
      if (signal.aborted) throw new ExportCancelled()
      if (chunk) {
        await write(chunk)
        bytes += chunk.length
      }
      rows += n
      onProgress({ phase: 'writing', rows, total, bytes })
    }
    if (rows !== total) throw new Error(`the export wrote ${rows} of ${total} rows`)
    return { rows, bytes }
  } finally {
    await pending?.catch(() => undefined)
    await snapshot.close()
  }
}
