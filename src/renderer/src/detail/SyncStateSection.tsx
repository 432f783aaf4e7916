import type { LeadDetail } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { plural } from '../lib/format'
import { ConflictChoice } from '../outbox/ConflictChoice'
import { describePatch } from '../outbox/describe'
import { useEditActions } from '../outbox/edits'
import styles from './DetailPanel.module.css'

const STATE_TEXT = {
  conflict: 'Conflict: changed here and on the platform',
  failed: 'Not delivered',
  waiting: 'Waiting to push',
  localOnly: 'Kept in this app only'
} as const

/** Where the lead stands with its platform, and what to do about each undelivered edit. */
export function SyncStateSection({ lead, label }: { lead: LeadDetail; label: string }): React.JSX.Element {
  const { retry, discard } = useEditActions()
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
                <span>{describePatch(entry.patch)}</span>
                {entry.state === 'failed' && (
                  <span className={styles.error}>
                    {entry.lastError ?? 'Refused by the platform.'} · {plural(entry.attempts, 'attempt')}
                  </span>
                )}
                <span className={styles.editActions}>
                  {entry.state !== 'local-only' && (
                    <button
                      type="button"
                      className="button"
                      disabled={retry.isPending}
                      onClick={() => retry.mutate([entry.id])}
                    >
                      {entry.state === 'failed' ? 'Retry' : 'Push now'}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-danger-quiet"
                    disabled={discard.isPending}
                    onClick={() => discard.mutate([entry.id])}
                  >
                    Discard
                  </button>
                </span>
              </li>
            )
          )}
        </ul>
      )}
      {retry.error && <ErrorNotice error={retry.error} title="Not retried:" />}
      {discard.error && <ErrorNotice error={discard.error} title="Not discarded:" />}
    </section>
  )
}
