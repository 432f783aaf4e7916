import { useState } from 'react'
import type { Connection, ImportOptions } from '../../../shared/contract'

import styles from './import.module.css'

export type DraftOptions = Omit<ImportOptions, 'connectionId'> & { connectionId: string }

interface Props {
  options: DraftOptions
  connections: Connection[]
  onChange(options: DraftOptions): void
}

/** How rows become leads: where new ones go, what counts as the same lead, how to read values. */
export function OptionsFields({ options, connections, onChange }: Props): React.JSX.Element {
  const [country, setCountry] = useState(options.defaultCountry ?? '')
  const set = <K extends keyof DraftOptions>(key: K, value: DraftOptions[K]): void =>
    onChange({ ...options, [key]: value })
  const match = (key: keyof ImportOptions['matchBy'], value: boolean): void =>
    onChange({ ...options, matchBy: { ...options.matchBy, [key]: value } })
  return (
    <div className={styles.options}>
      <div className="field">
        <label htmlFor="import-connection">New leads go to</label>
        <select
          id="import-connection"
          value={options.connectionId}
          onChange={(e) => set('connectionId', e.target.value)}
        >
          <option value="">Choose a connection…</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <span className="hint">They stay on this computer, marked local, until you push them to a platform.</span>
      </div>
      <fieldset className="field">
        <legend>Rows become</legend>
        <div className={styles.choices}>
          {(
            [
              ['both', 'New leads and updates'],
              ['create', 'New leads only'],
              ['update', 'Updates only']
            ] as const
          ).map(([mode, label]) => (
            <label key={mode}>
              <input
                type="radio"
                name="import-mode"
                checked={options.mode === mode}
                onChange={() => set('mode', mode)}
              />{' '}
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>A row is an existing lead when it has the same</legend>
        <div className={styles.choices}>
          <label>
            <input
              type="checkbox"
              checked={options.matchBy.remoteId}
              onChange={(e) => match('remoteId', e.target.checked)}
            />{' '}
            Platform ID
          </label>
          <label>
            <input type="checkbox" checked={options.matchBy.email} onChange={(e) => match('email', e.target.checked)} />{' '}
            Email
          </label>
          <label>
            <input type="checkbox" checked={options.matchBy.phone} onChange={(e) => match('phone', e.target.checked)} />{' '}
            Phone
          </label>
        </div>
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor="import-country">Country of phone numbers without +</label>
          <input
            id="import-country"
            className={styles.short}
            maxLength={2}
            placeholder="e.g. GB"
            value={country}
            aria-describedby="import-country-hint"
            onChange={(e) => {
              const code = e.target.value.toUpperCase().replace(/[^A-Z]/g, '')
              setCountry(code)
              set('defaultCountry', code.length === 2 ? code : null)
            }}
          />
          <span id="import-country-hint" className="hint">
            Two letters: GB, US, DE…
          </span>
        </div>
        <div className="field">
          <label htmlFor="import-date-order">Dates like 03/04/2025</label>
          <select
            id="import-date-order"
            value={options.dateOrder}
            onChange={(e) => set('dateOrder', e.target.value as DraftOptions['dateOrder'])}
          >
            <option value="auto">Decide from the file</option>
            <option value="month-first">Month first (US)</option>
            <option value="day-first">Day first</option>
          </select>
        </div>
      </div>
      <label className={styles.checkbox}>
        <input type="checkbox" checked={options.verbatim} onChange={(e) => set('verbatim', e.target.checked)} /> Keep
        values exactly as they are (a Lead Manager export)
      </label>
      <label className={styles.checkbox}>
        <input type="checkbox" checked={options.emptyClears} onChange={(e) => set('emptyClears', e.target.checked)} />{' '}
        An empty cell clears the field of an existing lead
      </label>
    </div>
  )
}
