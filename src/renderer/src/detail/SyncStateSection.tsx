import type { LeadDetail } from '../../../shared/contract'
import { plural } from '../lib/format'
import { ConflictChoice } from '../outbox/ConflictChoice'
import { describePatch } from '../outbox/describe'
import { EditButtons } from '../outbox/EditButtons'
import styles from './DetailPanel.module.css'

const STATE_TEXT = {
  conflict: 'Conflict: changed here and on the platform',
  failed: 'Not delivered',
  waiting: 'Waiting to push',
  localOnly: 'Kept in this app only'
} as const

/** Where the lead stands with its platform, and what to do about each undelivered edit. */
export function SyncStateSection({ lead, label }: { lead: LeadDetail; label: string }): React.JSX.Element {
  const state = lead.syncState
  return (
    <section className={styles.section} aria-labelledby="detail-sync">
      <h3 id="detail-sync">Sync</h3>
      <p data-testid="detail-sync-state" className={styles.syncLine}>
        <span className={styles.dot} data-state={state ?? 'synced'} aria-hidden="true" />
        {state ? STATE_TEXT[state] : 'Synced'}
        {state === 'waiting' && ` (${plural(lead.edits.length, 'edit')})`}
      </p>
      {lead.edits.length > 0 && (
        <ul className={styles.edits} aria-label="Undelivered edits">
          {lead.edits.map((entry) =>
            entry.state === 'conflict' ? (
              <li key={entry.id}>
                <ConflictChoice entry={entry} leadLabel={label} />
              </li>
            ) : (
              <li key={entry.id} className={styles.edit}>
                <span id={`detail-edit-${entry.id}`}>{describePatch(entry.patch)}</span>
                {entry.state === 'failed' && (
                  <span className={styles.error}>
                    {entry.lastError ?? 'Refused by the platform.'} · {plural(entry.attempts, 'attempt')}
                  </span>
                )}
                <EditButtons entry={entry} describedBy={`detail-edit-${entry.id}`} className={styles.editActions} />
              </li>
            )
          )}
        </ul>
      )}
    </section>
  )
}
