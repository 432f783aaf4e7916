import type { ImportOptions, ImportPreview } from '../../../shared/contract'
import type { Database } from '../../db'
import { LEAD_MANAGER_EXPORT, recognizeSource, suggestMapping } from './headers'
import { presetFor } from './preset-store'
import type { ImportSession } from './session'
import { PREVIEW_ROWS } from './sniff'

const PREVIEW_CELL = 200

export const DEFAULT_OPTIONS: Omit<ImportOptions, 'connectionId'> = {
  mode: 'both',
  matchBy: { remoteId: true, email: true, phone: true },
  defaultCountry: null,
  dateOrder: 'auto',
  verbatim: false,
  emptyClears: false
}

/** What the mapping step shows: the file as read, a mapping to start from, and why. */
export async function buildPreview(db: Database, session: ImportSession): Promise<ImportPreview> {
  const { sniffed, file } = session
  const recognized = recognizeSource(sniffed.headers)
  const preset = await presetFor(db, sniffed.headers)
  const usable = preset?.mapping.every((m) => m.column < sniffed.headers.length) ? preset : null
  const ours = recognized === LEAD_MANAGER_EXPORT
  const options = usable?.options ?? {
    ...DEFAULT_OPTIONS,
    connectionId: '',
    // Our own export holds the cache's values as they are: read them back unchanged, and know a
    // lead by its platform id (one person can be a lead at two platforms, with one e-mail).
    verbatim: ours,
    emptyClears: ours,
    matchBy: ours ? { remoteId: true, email: false, phone: false } : DEFAULT_OPTIONS.matchBy
  }
  const preview: ImportPreview = {
    sessionId: session.id,
    fileName: file.name,
    fileSize: file.size,
    format: {
      encoding: sniffed.format.encoding,
      encodingSource: sniffed.encodingSource,
      delimiter: sniffed.format.delimiter,
      headerRow: sniffed.headerRow
    },
    headers: sniffed.headers,
    sample: sniffed.sample.slice(0, PREVIEW_ROWS).map((r) => ({
      row: r.row,
      cells: sniffed.headers.map((_, i) => (r.cells[i] ?? '').slice(0, PREVIEW_CELL))
    })),
    mapping: usable?.mapping ?? suggestMapping(sniffed.headers, recognized),
    preset: usable ? { id: usable.id, name: usable.name } : null,
    recognized,
    options: { ...options, connectionId: options.connectionId ?? '' },
    warnings: sniffed.warnings
  }
  session.preview = preview
  return preview
}
