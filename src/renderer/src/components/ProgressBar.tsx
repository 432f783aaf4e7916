import { cx } from '../lib/cx'
import styles from './ProgressBar.module.css'

interface ProgressBarProps {
  label: string
  /** 0..1, or null when the total is unknown (an indeterminate bar). */
  fraction: number | null
  /** Read by screen readers instead of the bare percentage. */
  valueText?: string
  tone?: 'normal' | 'success' | 'danger'
}

export function ProgressBar({ label, fraction, valueText, tone = 'normal' }: ProgressBarProps): React.JSX.Element {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100)
  return (
    <div
      className={cx(styles.progress, styles[tone], percent === null && styles.indeterminate)}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
    >
      <div className={styles.fill} style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  )
}
