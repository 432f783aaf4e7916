import { useCallback, useSyncExternalStore } from 'react'
import { z } from 'zod'
import { DEFAULT_COLUMNS, leadColumnSchema } from '../../../shared/contract/query'

/**
 * How the table looks on this computer, remembered across sessions: column widths, row density,
 * and the columns a fresh "All leads" opens with. What a view shows (its columns and their order)
 * travels with the view and the URL instead.
 */
const prefsSchema = z.object({
  widths: z.record(z.string(), z.number().min(40).max(1200)).default({}),
  density: z.enum(['comfortable', 'compact']).default('comfortable'),
  columns: z
    .array(leadColumnSchema)
    .min(1)
    .default([...DEFAULT_COLUMNS])
})
export type TablePrefs = z.infer<typeof prefsSchema>

const KEY = 'lead-manager.table'
const listeners = new Set<() => void>()
let cached: { raw: string | null; prefs: TablePrefs } | null = null

/** The prefs as stored now (the same object until they change). */
export function readTablePrefs(): TablePrefs {
  const raw = localStorage.getItem(KEY)
  if (cached?.raw === raw) return cached.prefs
  let parsed: unknown = {}
  try {
    parsed = JSON.parse(raw ?? '{}')
  } catch {
    // Corrupt or from a future version: the defaults.
  }
  const result = prefsSchema.safeParse(parsed)
  cached = { raw, prefs: result.success ? result.data : prefsSchema.parse({}) }
  return cached.prefs
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('storage', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', listener)
  }
}

export function useTablePrefs(): [TablePrefs, (patch: Partial<TablePrefs>) => void] {
  const prefs = useSyncExternalStore(subscribe, readTablePrefs)
  const update = useCallback((patch: Partial<TablePrefs>) => {
    localStorage.setItem(KEY, JSON.stringify({ ...readTablePrefs(), ...patch }))
    listeners.forEach((listener) => listener())
  }, [])
  return [prefs, update]
}

export const ROW_HEIGHT = { comfortable: 44, compact: 32 } as const
