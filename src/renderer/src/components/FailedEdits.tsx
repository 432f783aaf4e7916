import { useId } from 'react'
import type { OutboxEntry } from '../../../shared/contract'
import { plural } from '../lib/format'
import { describePatch } from '../outbox/describe'
import { useOutbox } from '../lib/queries'
import { EditButtons } from '../outbox/EditButtons'
import styles from './FailedEdits.module.css'

export { describePatch } from '../outbox/describe'

function FailedEdit({ entry }: { entry: OutboxEntry }): React.JSX.Element {
  const describedBy = useId()
  return (
    <li className={styles.edit}>
      <div id={describedBy} className={styles.text}>
        <span>
          <strong>{entry.leadName ?? `Lead ${entry.leadId}`}</strong>: {describePatch(entry.patch)}
        </span>
        <span className={styles.error}>
          {entry.lastError ?? 'Refused by the platform.'} · {plural(entry.attempts, 'attempt')}
        </span>
      </div>
      <EditButtons entry={entry} describedBy={describedBy} className={styles.actions} />
    </li>
  )
}

/**
 * The edits of one connection the platform refused for good, each with Retry (send it again now)
 * and Discard (drop it; the lead shows the platform's value again).
 */
export function FailedEdits({
  connectionId,
  count
}: {
  connectionId: string
  count: number
}): React.JSX.Element | null {
  const headingId = useId()
  const outbox = useOutbox(connectionId, count > 0)
  const failed = (outbox.data ?? []).filter((entry) => entry.state === 'failed')
  if (count === 0 || failed.length === 0) return null

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h4 id={headingId}>
        {failed.length === 1
          ? '1 edit could not be delivered'
          : `${plural(failed.length, 'edit')} could not be delivered`}
      </h4>
      <ul className={styles.list} aria-label="Edits not delivered">
        {failed.map((entry) => (
          <FailedEdit key={entry.id} entry={entry} />
        ))}
      </ul>
    </section>
  )
}
