import { useId } from 'react'
import {
  ATTRIBUTE_COLUMN_PREFIX,
  attributeKeyOf,
  EXPORT_FIELD_IDS,
  EXPORT_FIELDS,
  isFieldId,
  type ExportColumnId
} from '../../../shared/csv/columns'
import styles from './Export.module.css'

export function columnLabel(id: ExportColumnId): string {
  return isFieldId(id) ? EXPORT_FIELDS[id].label : `Attribute: ${attributeKeyOf(id) ?? id}`
}

const LEAD_FIELDS = EXPORT_FIELD_IDS.filter((id) => id !== 'raw')

interface ColumnChooserProps {
  chosen: readonly ExportColumnId[]
  onChange(next: ExportColumnId[]): void
  /** null while the keys are being looked up. */
  attributeKeys: { keys: string[]; truncated: boolean } | null
}

function Toggle({
  id,
  chosen,
  onToggle
}: {
  id: ExportColumnId
  chosen: readonly ExportColumnId[]
  onToggle(id: ExportColumnId, on: boolean): void
}): React.JSX.Element {
  const inputId = useId()
  return (
    <div className={styles.checkbox}>
      <input
        id={inputId}
        type="checkbox"
        checked={chosen.includes(id)}
        onChange={(e) => onToggle(id, e.target.checked)}
      />
      <label htmlFor={inputId}>{columnLabel(id)}</label>
    </div>
  )
}

/** The columns of the file, in order, and every column that can be added: lead fields, one per attribute, raw JSON. */
export function ColumnChooser({ chosen, onChange, attributeKeys }: ColumnChooserProps): React.JSX.Element {
  const orderId = useId()
  const toggle = (id: ExportColumnId, on: boolean): void =>
    onChange(on ? [...chosen.filter((c) => c !== id), id] : chosen.filter((c) => c !== id))
  const move = (index: number, by: -1 | 1): void => {
    const next = [...chosen]
    const [item] = next.splice(index, 1)
    next.splice(index + by, 0, item!)
    onChange(next)
  }

  return (
    <div className={styles.chooser}>
      <section className={styles.order} aria-labelledby={orderId}>
        <h3 id={orderId}>Columns in the file, in order</h3>
        {chosen.length === 0 ? (
          <p className="hint">No columns yet: tick the ones you want.</p>
        ) : (
          <ol className={styles.list}>
            {chosen.map((id, index) => {
              const label = columnLabel(id)
              return (
                <li key={id}>
                  <span className="truncate">{label}</span>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${label} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${label} down`}
                    disabled={index === chosen.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${label}`}
                    onClick={() => toggle(id, false)}
                  >
                    ×
                  </button>
                </li>
              )
            })}
          </ol>
        )}
      </section>
      <div className={styles.options}>
        <fieldset className="field">
          <legend>Lead fields</legend>
          {LEAD_FIELDS.map((id) => (
            <Toggle key={id} id={id} chosen={chosen} onToggle={toggle} />
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>Custom attributes, one column each</legend>
          {attributeKeys === null ? (
            <p className="hint">Looking for attribute keys…</p>
          ) : attributeKeys.keys.length === 0 ? (
            <p className="hint">None of these leads has a custom attribute.</p>
          ) : (
            attributeKeys.keys.map((key) => (
              <Toggle key={key} id={`${ATTRIBUTE_COLUMN_PREFIX}${key}`} chosen={chosen} onToggle={toggle} />
            ))
          )}
          {attributeKeys?.truncated && (
            <p className="hint">The first {attributeKeys.keys.length} keys; “All custom attributes” has every one.</p>
          )}
        </fieldset>
        <fieldset className="field">
          <legend>As the platform sent it</legend>
          <Toggle id="raw" chosen={chosen} onToggle={toggle} />
        </fieldset>
      </div>
    </div>
  )
}
