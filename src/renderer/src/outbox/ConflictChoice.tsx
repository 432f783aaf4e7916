import { useId, useState } from 'react'
import type { LeadPatchField, OutboxEntry } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { FIELD_LABELS, describeValue } from './describe'
import styles from './Outbox.module.css'
import { useEditActions } from './edits'

type Choices = Partial<Record<LeadPatchField, 'mine' | 'theirs'>>

/**
 * A conflict, field by field: my value and the platform's side by side, a choice of one for each,
 * then "Settle". Mine is pushed again; theirs replaces my edit of that field.
 */
export function ConflictChoice({ entry, leadLabel }: { entry: OutboxEntry; leadLabel: string }): React.JSX.Element {
  const conflicts = entry.conflicts ?? []
  const [choices, setChoices] = useState<Choices>({})
  const { resolve } = useEditActions()
  const headingId = useId()
  const complete = conflicts.every((c) => choices[c.field])
  return (
    <section className={styles.conflict} aria-labelledby={headingId}>
      <h4 id={headingId}>Conflict on {leadLabel}: changed here and on the platform since your edit</h4>
      <table className={styles.sideBySide}>
        <caption className="visually-hidden">Your value and the platform&apos;s, per field</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Mine</th>
            <th scope="col">Theirs (on the platform)</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => {
            const label = FIELD_LABELS[c.field] ?? c.field
            return (
              <tr key={c.field}>
                <th scope="row">{label}</th>
                {(['mine', 'theirs'] as const).map((side) => (
                  <td key={side}>
                    <label className={styles.choice}>
                      <input
                        type="radio"
                        name={`conflict-${entry.id}-${c.field}`}
                        checked={choices[c.field] === side}
                        onChange={() => setChoices((old) => ({ ...old, [c.field]: side }))}
                        aria-label={`Keep ${side === 'mine' ? 'mine' : 'theirs'} for ${label}: ${describeValue(
                          c.field,
                          side === 'mine' ? c.local : c.remote
                        )}`}
                      />
                      <span>{describeValue(c.field, side === 'mine' ? c.local : c.remote)}</span>
                    </label>
                  </td>
                ))}
              </tr>
            )
          })}
        </tbody>
      </table>
      <div className={styles.actions}>
        <button
          type="button"
          className="button button-primary"
          disabled={!complete || resolve.isPending}
          onClick={() => resolve.mutate({ id: entry.id, choices })}
        >
          Settle conflict
        </button>
        {!complete && <span className="hint">Choose mine or theirs for every field.</span>}
      </div>
      {resolve.error && <ErrorNotice error={resolve.error} title="Not settled:" />}
    </section>
  )
}
