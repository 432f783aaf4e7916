import { useEffect, useRef, useState } from 'react'
import type { BulkAction, BulkPreview, BulkProgress, BulkResult, BulkSelectionInput } from '../../../shared/contract'
import { PLATFORM_LABELS } from '../../../shared/contract/model'
import { describeAction } from '../../../shared/bulk-summary'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { formatCount, formatDuration, plural } from '../lib/format'
import { on, send } from '../rpc/client'
import styles from './Bulk.module.css'

interface Props {
  selection: BulkSelectionInput
  action: BulkAction
  onClose(): void
  onApplied(result: BulkResult, action: BulkAction): void
}

function seconds(value: number): string {
  if (value <= 0) return '—'
  return formatDuration(value)
}

/**
 * A bulk edit, step by step: the preview (what changes, per platform what is pushed and what stays
 * local, how long the push takes), then Apply with progress and Cancel. Nothing is written before Apply.
 */
export function BulkDialog({ selection, action, onClose, onApplied }: Props): React.JSX.Element {
  const [preview, setPreview] = useState<BulkPreview | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [progress, setProgress] = useState<BulkProgress | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const jobId = useRef(`bulk-${crypto.randomUUID()}`)
  const running = progress !== null && !['done', 'cancelled', 'failed'].includes(progress.phase)

  useEffect(() => {
    let live = true
    send('bulk.preview', { selection, action }).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(e)
    )
    return () => {
      live = false
    }
  }, [selection, action])
  useEffect(() => on('bulk.progress', (p) => p.jobId === jobId.current && setProgress(p)), [])

  const apply = async (): Promise<void> => {
    setError(null)
    setCancelled(false)
    setProgress({ jobId: jobId.current, phase: 'selecting', done: 0, total: preview?.selected ?? 0 })
    try {
      const result = await send('bulk.apply', { jobId: jobId.current, selection, action })
      onApplied(result, action)
    } catch (e) {
      if ((e as { code?: string }).code === 'CANCELLED') setCancelled(true)
      else setError(e)
      setProgress(null)
      jobId.current = `bulk-${crypto.randomUUID()}`
    }
  }

  const footer = running ? (
    <button type="button" className="button" onClick={() => void send('bulk.cancel', { jobId: jobId.current })}>
      Cancel
    </button>
  ) : (
    <>
      <button type="button" className="button" onClick={onClose}>
        Back
      </button>
      <button
        type="button"
        className="button button-primary"
        data-autofocus
        disabled={!preview || preview.changes === 0}
        onClick={() => void apply()}
      >
        {preview ? `Apply to ${plural(preview.changes, 'lead')}` : 'Apply'}
      </button>
    </>
  )

  return (
    <Dialog
      title={`Preview: ${describeAction(action)}`}
      onClose={running ? () => undefined : onClose}
      footer={footer}
      wide
      status={
        <>
          {error ? <ErrorNotice error={error} title="The bulk edit failed:" /> : null}
          {cancelled && <p>Cancelled: nothing was changed.</p>}
        </>
      }
    >
      {!preview && !error && <p>Counting what would change…</p>}
      {preview && (
        <>
          <p data-testid="bulk-summary">
            {plural(preview.changes, 'lead')} will change; {formatCount(preview.unchanged)} already{' '}
            {preview.unchanged === 1 ? 'is' : 'are'} that way and will not change.
          </p>
          <table className={styles.preview} aria-label="What reaches each platform">
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Selected</th>
                <th scope="col">Change</th>
                <th scope="col">Pushed</th>
                <th scope="col">Stay local</th>
                <th scope="col">Push time</th>
              </tr>
            </thead>
            <tbody>
              {preview.platforms.map((p) => (
                <tr key={p.platform} data-platform={p.platform}>
                  <th scope="row">
                    {PLATFORM_LABELS[p.platform]}
                    {p.platform === 'chatzuri' ? ' (read-only)' : ''}
                  </th>
                  <td>{formatCount(p.selected)}</td>
                  <td>{formatCount(p.changes)}</td>
                  <td data-testid={`pushed-${p.platform}`}>{formatCount(p.pushed)}</td>
                  <td data-testid={`local-${p.platform}`}>{formatCount(p.localOnly)}</td>
                  <td>{seconds(p.estimatedSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className={styles.note}>
            Pushing takes {seconds(preview.estimatedSeconds)} at the platforms’ rate limits; edits wait in the outbox
            while offline.
          </p>
        </>
      )}
      {progress && (
        <ProgressBar
          label="Applying the bulk edit"
          fraction={progress.total > 0 ? progress.done / progress.total : null}
          valueText={`${formatCount(progress.done)} of ${formatCount(progress.total)} leads`}
        />
      )}
    </Dialog>
  )
}
