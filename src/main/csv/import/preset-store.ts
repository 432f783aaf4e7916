import type { ColumnMapping, ImportOptions, ImportPreset } from '../../../shared/contract'
import type { Database, Tx } from '../../db'
import { headerKey } from './headers'

interface PresetRow {
  id: number
  name: string
  header_key: string
  mapping_json: string
  options_json: string
  created_at: string
}

/** Presets are found again by the header row, compared as header keys (case, accents and punctuation ignored). */
export function headerRowKey(headers: readonly string[]): string {
  return JSON.stringify(headers.map(headerKey))
}

function toPreset(row: PresetRow): ImportPreset {
  const { mapping, headers } = JSON.parse(row.mapping_json) as { mapping: ColumnMapping[]; headers: string[] }
  return {
    id: row.id,
    name: row.name,
    headers,
    mapping,
    options: JSON.parse(row.options_json) as ImportOptions | null,
    createdAt: row.created_at
  }
}

export async function listPresets(db: Database): Promise<ImportPreset[]> {
  const rows = await db.all<PresetRow>(
    'SELECT * FROM import_presets ORDER BY coalesce(used_at, created_at) DESC, id DESC'
  )
  return rows.map(toPreset)
}

/** The preset saved for this header row, most recently used first. */
export async function presetFor(db: Database, headers: readonly string[]): Promise<ImportPreset | null> {
  const row = await db.get<PresetRow>(
    'SELECT * FROM import_presets WHERE header_key = ? ORDER BY coalesce(used_at, created_at) DESC, id DESC LIMIT 1',
    [headerRowKey(headers)]
  )
  return row ? toPreset(row) : null
}

export async function savePreset(
  tx: Tx,
  name: string,
  headers: readonly string[],
  mapping: readonly ColumnMapping[],
  options: ImportOptions,
  now: string
): Promise<number> {
  // Saving under an existing name for the same header row replaces it.
  await tx.run('DELETE FROM import_presets WHERE name = ? AND header_key = ?', [name, headerRowKey(headers)])
  const { lastID } = await tx.run(
    `INSERT INTO import_presets (name, header_key, mapping_json, options_json, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?)`,
    [name, headerRowKey(headers), JSON.stringify({ mapping, headers }), JSON.stringify(options), now, now]
  )
  return lastID
}

export async function markPresetUsed(tx: Tx, id: number, now: string): Promise<void> {
  await tx.run('UPDATE import_presets SET used_at = ? WHERE id = ?', [now, id])
}

export async function deletePreset(tx: Tx, id: number): Promise<void> {
  await tx.run('DELETE FROM import_presets WHERE id = ?', [id])
}
