import { useId } from 'react'
import type { ExportOptions } from '../../../shared/contract'
import styles from './Export.module.css'

// Named in the <select>: a tab as an option value is too easy to lose.
const DELIMITERS: { name: string; value: ExportOptions['delimiter']; label: string }[] = [
  { name: 'comma', value: ',', label: 'Comma' },
  { name: 'semicolon', value: ';', label: 'Semicolon (Excel in many European languages)' },
  { name: 'tab', value: '\t', label: 'Tab' }
]

/** What the raw option risks, said plainly where it is chosen. */
export const RAW_RISK =
  'Values are written exactly as stored. If this file is opened in Excel, LibreOffice or Google Sheets, a ' +
  'cell such as =HYPERLINK(…) or +1-555-0100 runs as a formula: it can show wrong numbers, send data to a web ' +
  'address, or, in older Excel, start a program. Use it only for a file that goes back into Lead Manager.'

export function ExportOptionsFields({
  options,
  onChange
}: {
  options: ExportOptions
  onChange(next: ExportOptions): void
}): React.JSX.Element {
  const id = useId()
  const set = (patch: Partial<ExportOptions>): void => onChange({ ...options, ...patch })
  return (
    <div className={styles.fields}>
      <fieldset className="field">
        <legend>Format</legend>
        <div className={styles.segmented}>
          <label>
            <input
              type="radio"
              name={`${id}-format`}
              checked={options.format === 'excel'}
              onChange={() => set({ format: 'excel' })}
              aria-describedby={`${id}-format-hint`}
            />
            Excel
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-format`}
              checked={options.format === 'plain'}
              onChange={() => set({ format: 'plain' })}
              aria-describedby={`${id}-format-hint`}
            />
            Plain CSV
          </label>
        </div>
        <p id={`${id}-format-hint`} className="hint">
          {options.format === 'excel'
            ? 'UTF-8 with a byte-order mark, Windows line ends, dates as Excel reads them (local time).'
            : 'UTF-8, Unix line ends, dates in ISO-8601 (UTC): best for other programs and re-import.'}
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-delimiter`}>Delimiter</label>
        <select
          id={`${id}-delimiter`}
          value={DELIMITERS.find((d) => d.value === options.delimiter)?.name}
          onChange={(e) => set({ delimiter: DELIMITERS.find((d) => d.name === e.target.value)?.value ?? ',' })}
        >
          {DELIMITERS.map((d) => (
            <option key={d.name} value={d.name}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend>Formulas</legend>
        <div className={`${styles.segmented} ${styles.stacked}`}>
          <label>
            <input
              type="radio"
              name={`${id}-guard`}
              checked={options.guard}
              onChange={() => set({ guard: true })}
              aria-describedby={`${id}-guard-hint`}
            />
            Safe for spreadsheets (recommended)
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-guard`}
              checked={!options.guard}
              onChange={() => set({ guard: false })}
              aria-describedby={`${id}-guard-hint`}
            />
            Raw, for re-import into Lead Manager
          </label>
        </div>
        {options.guard ? (
          <p id={`${id}-guard-hint`} className="hint">
            A cell that starts with = + - @, a tab or a line break gets an apostrophe in front, so spreadsheets show it
            as text instead of running it. Phone numbers such as +1 555 0100 read as written.
          </p>
        ) : (
          <p id={`${id}-guard-hint`} className="notice notice-warning">
            {RAW_RISK}
          </p>
        )}
      </fieldset>
    </div>
  )
}
