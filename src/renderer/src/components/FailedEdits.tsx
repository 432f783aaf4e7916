import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId } from 'react'
import type { OutboxEntry } from '../../../shared/contract'
import { plural } from '../lib/format'
import { describePatch } from '../outbox/describe'
import { invalidateConnections, keys, useOutbox } from '../lib/queries'
import { send } from '../rpc/client'
import { ErrorNotice } from './ErrorNotice'
import styles from './FailedEdits.module.css'

export { describePatch } from '../outbox/describe'

function FailedEdit({
  entry,
  busy,
  onRetry,
  onDiscard
}: {
  entry: OutboxEntry
  busy: boolean
  onRetry(): void
  onDiscard(): void
}): React.JSX.Element {
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
      <div className={styles.actions}>
        <button type="button" className="button" aria-describedby={describedBy} disabled={busy} onClick={onRetry}>
          Retry
        </button>
        <button
          type="button"
          className="button button-danger-quiet"
          aria-describedby={describedBy}
          disabled={busy}
          onClick={onDiscard}
        >
          Discard
        </button>
      </div>
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
  const client = useQueryClient()
  const headingId = useId()
  const outbox = useOutbox(connectionId, count > 0)
  const refresh = (): void => {
    void client.invalidateQueries({ queryKey: keys.outbox })
    void client.invalidateQueries({ queryKey: keys.leads })
    void invalidateConnections(client)
  }
  const retry = useMutation({ mutationFn: (ids: number[]) => send('outbox.retry', { ids }), onSettled: refresh })
  const discard = useMutation({ mutationFn: (ids: number[]) => send('outbox.discard', { ids }), onSettled: refresh })
  const failed = (outbox.data ?? []).filter((entry) => entry.state === 'failed')
  if (count === 0 || failed.length === 0) return null
  const busy = retry.isPending || discard.isPending

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h4 id={headingId}>
        {failed.length === 1
          ? '1 edit could not be delivered'
          : `${plural(failed.length, 'edit')} could not be delivered`}
      </h4>
      <ul className={styles.list} aria-label="Edits not delivered">
        {failed.map((entry) => (
          <FailedEdit
            key={entry.id}
            entry={entry}
            busy={busy}
            onRetry={() => retry.mutate([entry.id])}
            onDiscard={() => discard.mutate([entry.id])}
          />
        ))}
      </ul>
      {retry.error && <ErrorNotice error={retry.error} title="Not retried:" />}
      {discard.error && <ErrorNotice error={discard.error} title="Not discarded:" />}
    </section>
  )
}
