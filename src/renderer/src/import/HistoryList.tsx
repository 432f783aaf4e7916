import { ErrorNotice } from '../components/ErrorNotice'
import { formatDateTime } from '../lib/format'
import { describeCounts } from './labels'
import { ImportActions } from './ImportActions'
import { useImportHistory } from './queries'

import { QuietBadge } from '../components/Badges'
import styles from './import.module.css'

/** Every import so far, newest first, each with its counts and what can still be done with it. */
export function HistoryList(): React.JSX.Element {
  const history = useImportHistory()
  return (
    <section className={styles.history} aria-labelledby="import-history-title">
      <h3 id="import-history-title">Earlier imports</h3>
      {history.error ? <ErrorNotice error={history.error} /> : null}
      {history.data?.length === 0 && <p className="muted">No imports yet.</p>}
      <ul className={styles.list}>
        {history.data?.map((record) => (
          <li key={record.id} className={styles.historyItem} aria-label={`Import of ${record.fileName}`}>
            <div>
              <strong>{record.fileName}</strong> <span className="muted">{formatDateTime(record.createdAt)}</span>
              {record.state === 'reverted' && <QuietBadge>Reverted</QuietBadge>}
            </div>
            <p className="muted">
              {describeCounts(record.counts)}
              {record.local > 0 && ` · ${record.local} local, not on a platform yet`}
              {record.pushed > 0 && ` · ${record.pushed} pushed`}
            </p>
            <ImportActions record={record} />
          </li>
        ))}
      </ul>
    </section>
  )
}
