import { formatCount } from '../lib/format'
import { useLivePush } from '../lib/live-push'
import { useNavigation } from '../lib/navigation'
import type { SyncView } from '../lib/sync-view'
import styles from './SyncHeader.module.css'

interface Counts {
  id: string
  name: string
  pushed: number
  waiting: number
  failed: number
  pushing: boolean
}

/**
 * Per connection: edits pushed, waiting and refused. While a push runs, from its `push.progress`
 * events; otherwise from sync.status (refreshed when the outbox changes). Shown only for
 * connections with something in the outbox, or a push that just ended.
 */
export function PushCounts({ view }: { view: SyncView }): React.JSX.Element | null {
  const live = useLivePush()
  const { go } = useNavigation()
  const rows: Counts[] = []
  for (const row of view.connections) {
    const event = live.get(row.connection.id)
    const counts = event
      ? { pushed: event.pushed, waiting: event.waiting, failed: event.failed, pushing: !event.done }
      : { pushed: 0, waiting: row.pendingEdits - row.failedEdits, failed: row.failedEdits, pushing: false }
    if (!event && counts.waiting === 0 && counts.failed === 0) continue
    rows.push({ id: row.connection.id, name: row.connection.name, ...counts })
  }
  if (rows.length === 0) return null
  return (
    <ul className={styles.pushCounts} aria-label="Edits to push">
      {rows.map((r) => {
        const said = `${formatCount(r.pushed)} pushed, ${formatCount(r.waiting)} waiting, ${formatCount(r.failed)} failed`
        return (
          <li key={r.id} className={styles.pushItem} aria-label={`${r.name}: ${said}`} data-testid="push-counts">
            <span className={styles.pushName}>{r.name}</span>
            <span aria-hidden="true">
              {r.pushing ? 'Pushing: ' : ''}
              <span data-testid="pushed">{formatCount(r.pushed)}</span> pushed ·{' '}
              <span data-testid="waiting">{formatCount(r.waiting)}</span> waiting ·{' '}
              <span data-testid="failed" className={r.failed > 0 ? styles.failedCount : undefined}>
                {formatCount(r.failed)}
              </span>{' '}
              failed
            </span>
            {r.failed > 0 && (
              <button type="button" className="button" onClick={() => go('outbox')}>
                Review failed edits of {r.name}
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}
