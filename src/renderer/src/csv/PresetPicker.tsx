import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { ExportOptions, ExportPreset } from '../../../shared/contract'
import type { ExportColumnId } from '../../../shared/csv/columns'
import { ErrorNotice } from '../components/ErrorNotice'
import { send } from '../rpc/client'
import styles from './Export.module.css'

export const presetsKey = ['export.presets'] as const

const LAST = 'last'
const SAVED = 'preset:'

/** Saved column sets and options: pick one, save the current choice under a name, or delete one. */
export function PresetPicker({
  columns,
  options,
  onApply
}: {
  columns: readonly ExportColumnId[]
  options: ExportOptions
  onApply(preset: Pick<ExportPreset, 'columns' | 'options'>): void
}): React.JSX.Element {
  const id = useId()
  const client = useQueryClient()
  const presets = useQuery({ queryKey: presetsKey, queryFn: () => send('export.presets', {}) })
  const [selected, setSelected] = useState('')
  const [name, setName] = useState('')
  const save = useMutation({
    mutationFn: () => send('export.savePreset', { name: name.trim(), columns: [...columns], options }),
    onSuccess: async () => {
      setSelected(SAVED + name.trim())
      setName('')
      await client.invalidateQueries({ queryKey: presetsKey })
    }
  })
  const remove = useMutation({
    mutationFn: (presetName: string) => send('export.deletePreset', { name: presetName }),
    onSuccess: async () => {
      setSelected('')
      await client.invalidateQueries({ queryKey: presetsKey })
    }
  })
  const saved = presets.data?.presets ?? []
  const last = presets.data?.last ?? null
  const savedName = selected.startsWith(SAVED) ? selected.slice(SAVED.length) : null

  return (
    <div className={styles.presets}>
      <div className="field">
        <label htmlFor={`${id}-preset`}>Preset</label>
        <div className={styles.inline}>
          <select
            id={`${id}-preset`}
            value={selected}
            onChange={(e) => {
              const value = e.target.value
              setSelected(value)
              const preset = value === LAST ? last : saved.find((p) => SAVED + p.name === value)
              if (preset) onApply(preset)
            }}
          >
            <option value="">{saved.length || last ? 'Choose a preset…' : 'No presets saved yet'}</option>
            {last && <option value={LAST}>Same as the last export</option>}
            {saved.map((p) => (
              <option key={p.name} value={SAVED + p.name}>
                {p.name}
              </option>
            ))}
          </select>
          {savedName !== null && (
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => remove.mutate(savedName)}
              disabled={remove.isPending}
            >
              Delete preset
            </button>
          )}
        </div>
      </div>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim() && columns.length > 0) save.mutate()
        }}
      >
        <label htmlFor={`${id}-name`}>Save these columns and options as</label>
        <div className={styles.inline}>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={256}
            placeholder="Preset name, e.g. Weekly report"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button" disabled={!name.trim() || columns.length === 0 || save.isPending}>
            Save preset
          </button>
        </div>
      </form>
      {(save.error || remove.error || presets.error) && (
        <ErrorNotice error={save.error ?? remove.error ?? presets.error} title="Presets:" />
      )}
    </div>
  )
}
