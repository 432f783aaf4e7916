import type { LeadColumn } from '../../../shared/contract'
import { LEAD_COLUMNS } from '../../../shared/contract/query'
import { COLUMN_SPECS } from './columns'
import styles from './LeadsToolbar.module.css'
import { useTablePrefs } from './prefs'

interface Props {
  columns: readonly LeadColumn[]
  onChange(columns: LeadColumn[]): void
}

/**
 * Which columns show and in what order (the keyboard way to do what dragging a header does), and
 * how tall rows are. Shown columns first, in their order; then the hidden ones.
 */
export function ColumnChooser({ columns, onChange }: Props): React.JSX.Element {
  const [prefs, setPrefs] = useTablePrefs()
  const hidden = LEAD_COLUMNS.filter((c) => !columns.includes(c))
  const move = (id: LeadColumn, by: -1 | 1): void => {
    const next = [...columns]
    const i = next.indexOf(id)
    const j = i + by
    if (j < 0 || j >= next.length) return
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    onChange(next)
  }
  return (
    <section className={styles.panel} aria-label="Columns">
      <fieldset className={styles.group}>
        <legend>Columns</legend>
        <ol className={styles.columnList}>
          {[...columns, ...hidden].map((id, i) => {
            const label = COLUMN_SPECS.get(id)?.label ?? id
            const shown = columns.includes(id)
            return (
              <li key={id} className={styles.columnItem}>
                <label className={styles.check}>
                  <input
                    type="checkbox"
                    checked={shown}
                    disabled={shown && columns.length === 1}
                    onChange={(e) => onChange(e.target.checked ? [...columns, id] : columns.filter((c) => c !== id))}
                  />
                  {label}
                </label>
                {shown && (
                  <span className={styles.moves}>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${label} left`}
                      disabled={i === 0}
                      onClick={() => move(id, -1)}
                    >
                      ←
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${label} right`}
                      disabled={i === columns.length - 1}
                      onClick={() => move(id, 1)}
                    >
                      →
                    </button>
                  </span>
                )}
              </li>
            )
          })}
        </ol>
      </fieldset>
      <fieldset className={styles.group}>
        <legend>Row density</legend>
        {(['comfortable', 'compact'] as const).map((density) => (
          <label key={density} className={styles.check}>
            <input
              type="radio"
              name="density"
              checked={prefs.density === density}
              onChange={() => setPrefs({ density })}
            />
            {density === 'comfortable' ? 'Comfortable' : 'Compact'}
          </label>
        ))}
        <button type="button" className="button" onClick={() => setPrefs({ widths: {} })}>
          Reset column widths
        </button>
      </fieldset>
    </section>
  )
}
