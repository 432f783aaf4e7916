import type { SyncProgress } from '../../../shared/contract'
import { cx } from '../lib/cx'
import { formatCount, formatEta } from '../lib/format'
import { ProgressBar } from './ProgressBar'
import styles from './SyncProgressLine.module.css'

const PHASES: Record<SyncProgress['phase'], string> = {
  starting: 'Starting',
  pulling: 'Downloading leads',
  pushing: 'Sending your edits',
  done: 'Sync complete',
  cancelled: 'Sync cancelled',
  failed: 'Sync failed'
}

export function describeProgress(progress: SyncProgress): string {
  const parts = [
    progress.pages > 0 ? `page ${formatCount(progress.pages)}` : null,
    `${formatCount(progress.records)} record${progress.records === 1 ? '' : 's'}`,
    progress.phase === 'pulling' || progress.phase === 'pushing'
      ? progress.ratePerSecond > 0
        ? `${formatCount(Math.round(progress.ratePerSecond))}/s`
        : null
      : null,
    progress.phase === 'pulling' || progress.phase === 'pushing' ? formatEta(progress.etaSeconds) : null
  ]
  return parts.filter(Boolean).join(' · ')
}

interface SyncProgressLineProps {
  name: string
  progress: SyncProgress
  /** Leave the name out where it is already the heading (a connection's card). */
  showName?: boolean
  compact?: boolean
}

/** One connection's sync: what it is doing, a bar, and the numbers (pages, records, rate, ETA). */
export function SyncProgressLine({
  name,
  progress,
  showName = true,
  compact = false
}: SyncProgressLineProps): React.JSX.Element {
  const fraction = progress.phase === 'done' ? 1 : progress.fraction
  const tone = progress.phase === 'failed' ? 'danger' : progress.phase === 'done' ? 'success' : 'normal'
  const details = describeProgress(progress)
  return (
    <div className={cx(styles.line, compact && styles.compact)} data-phase={progress.phase} data-testid="sync-progress">
      <div className={styles.text}>
        {showName && <span className={styles.name}>{name}</span>}
        <span className={styles.phase}>{PHASES[progress.phase]}</span>
        <span className={styles.details}>{details}</span>
        {progress.message && <span className={styles.message}>{progress.message}</span>}
      </div>
      <ProgressBar
        label={`Sync of ${name}`}
        fraction={progress.phase === 'cancelled' || progress.phase === 'failed' ? (fraction ?? 0) : fraction}
        valueText={`${PHASES[progress.phase]}: ${details}`}
        tone={tone}
      />
    </div>
  )
}
