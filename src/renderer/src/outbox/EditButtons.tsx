import type { OutboxEntry } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { useEditActions } from './edits'

/**
 * Push now (Retry once the platform refused it) and Discard for one undelivered edit, the same
 * wherever it is listed: the lead's panel, the outbox screen, a connection's refused edits. An edit
 * being sent can be neither; one kept in this app only can only be discarded.
 */
export function EditButtons({
  entry,
  describedBy,
  className
}: {
  entry: Pick<OutboxEntry, 'id' | 'state'>
  describedBy: string
  className?: string
}): React.JSX.Element {
  const { retry, discard } = useEditActions()
  const sending = entry.state === 'sending'
  return (
    <>
      <div className={className}>
        {entry.state !== 'local-only' && !sending && (
          <button
            type="button"
            className="button"
            aria-describedby={describedBy}
            disabled={retry.isPending}
            onClick={() => retry.mutate([entry.id])}
          >
            {entry.state === 'failed' ? 'Retry' : 'Push now'}
          </button>
        )}
        <button
          type="button"
          className="button button-danger-quiet"
          aria-describedby={describedBy}
          disabled={discard.isPending || sending}
          onClick={() => discard.mutate([entry.id])}
        >
          Discard
        </button>
      </div>
      {retry.error && <ErrorNotice error={retry.error} title="Not retried:" />}
      {discard.error && <ErrorNotice error={discard.error} title="Not discarded:" />}
    </>
  )
}
