import { z } from 'zod'
import { exportPresetSchema, type ExportPreset } from '../../shared/contract/csv-export'
import type { SettingsStore } from '../settings'

const PRESETS_KEY = 'export.presets'
const LAST_KEY = 'export.last'
const presetsSchema = z.array(exportPresetSchema)
const lastSchema = exportPresetSchema.omit({ name: true })
type LastExport = z.infer<typeof lastSchema>

/** Settings written by another version may not fit: offer nothing rather than fail. */
function parse<T>(value: unknown, schema: z.ZodType<T>): T | null {
  const parsed = schema.safeParse(value)
  return value !== undefined && parsed.success ? parsed.data : null
}

/** Export presets (columns + options) and the last export's choices, kept in the settings table. */
export class ExportPresets {
  constructor(private readonly settings: SettingsStore) {}

  async list(): Promise<{ presets: ExportPreset[]; last: LastExport | null }> {
    const [presets, last] = await Promise.all([this.settings.get(PRESETS_KEY), this.settings.get(LAST_KEY)])
    return { presets: parse(presets, presetsSchema) ?? [], last: parse(last, lastSchema) }
  }

  /** Saves a preset, replacing one of the same name; presets stay sorted by name. */
  save(preset: ExportPreset): Promise<ExportPreset[]> {
    return this.settings.update(PRESETS_KEY, (current) => {
      const presets = parse(current, presetsSchema) ?? []
      const next = [...presets.filter((p) => p.name !== preset.name), preset].sort((a, b) =>
        a.name.localeCompare(b.name)
      )
      return { next, result: next }
    })
  }

  /** Deletes the preset named `name`; false when there was none. */
  delete(name: string): Promise<boolean> {
    return this.settings.update(PRESETS_KEY, (current) => {
      const presets = parse(current, presetsSchema) ?? []
      const next = presets.filter((p) => p.name !== name)
      const removed = next.length !== presets.length
      return { next: removed ? next : undefined, result: removed }
    })
  }

  /** What the next export dialog starts from. */
  rememberLast(last: LastExport): Promise<void> {
    return this.settings.set(LAST_KEY, last)
  }
}
