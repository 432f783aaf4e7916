import { z } from 'zod'
import { exportPresetSchema, type ExportPreset } from '../../shared/contract/csv-export'
import type { Database, Tx } from '../db'

const PRESETS_KEY = 'export.presets'
const LAST_KEY = 'export.last'
const presetsSchema = z.array(exportPresetSchema)
const lastSchema = exportPresetSchema.omit({ name: true })
type LastExport = z.infer<typeof lastSchema>

type Reader = Pick<Tx, 'get'>

async function read<T>(db: Reader, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const row = await db.get<{ value_json: string }>('SELECT value_json FROM settings WHERE key = ?', [key])
  if (!row) return null
  // Settings written by another version may not fit: offer nothing rather than fail.
  const parsed = schema.safeParse(JSON.parse(row.value_json))
  return parsed.success ? parsed.data : null
}

async function store(tx: Tx, key: string, value: unknown): Promise<void> {
  await tx.run(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    [key, JSON.stringify(value)]
  )
}

export async function listPresets(db: Database): Promise<{ presets: ExportPreset[]; last: LastExport | null }> {
  const [presets, last] = await Promise.all([read(db, PRESETS_KEY, presetsSchema), read(db, LAST_KEY, lastSchema)])
  return { presets: presets ?? [], last }
}

/** Saves a preset, replacing one of the same name; presets stay sorted by name. */
export function savePreset(db: Database, preset: ExportPreset): Promise<ExportPreset[]> {
  return db.write(async (tx) => {
    const presets = (await read(tx, PRESETS_KEY, presetsSchema)) ?? []
    const next = [...presets.filter((p) => p.name !== preset.name), preset].sort((a, b) => a.name.localeCompare(b.name))
    await store(tx, PRESETS_KEY, next)
    return next
  })
}

export function deletePreset(db: Database, name: string): Promise<boolean> {
  return db.write(async (tx) => {
    const presets = (await read(tx, PRESETS_KEY, presetsSchema)) ?? []
    const next = presets.filter((p) => p.name !== name)
    if (next.length !== presets.length) await store(tx, PRESETS_KEY, next)
    return next.length !== presets.length
  })
}

/** What the next export dialog starts from. */
export function rememberLast(db: Database, last: LastExport): Promise<void> {
  return db.write((tx) => store(tx, LAST_KEY, last))
}
