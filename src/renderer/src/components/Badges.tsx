import type { Connection, ConnectionState } from '../../../shared/contract'
import { cx } from '../lib/cx'
import { STATE_LABELS, STATUS_LABELS } from '../lib/format'
import styles from './Badges.module.css'

/** `className` places the badge in its container (alignment, size); the badge's look stays here. */
interface Placed {
  className?: string
}

export function DemoBadge({ className }: Placed): React.JSX.Element {
  return <span className={cx(styles.badge, styles.demo, className)}>Demo data</span>
}

export function ReadOnlyBadge({ className }: Placed): React.JSX.Element {
  return (
    <span
      className={cx(styles.badge, styles.readonly, className)}
      title="Chatzuri has no write API: edits you make stay in this app."
    >
      Read-only: edits stay local
    </span>
  )
}

export function StateBadge({ state }: { state: ConnectionState }): React.JSX.Element {
  return <span className={cx(styles.badge, styles.state, styles[`state-${state}`])}>{STATE_LABELS[state]}</span>
}

/** A lead's status as the platform names it; unknown statuses keep the neutral look. */
export function StatusBadge({ status, className }: Placed & { status: string }): React.JSX.Element {
  return (
    <span className={cx(styles.badge, styles[`status-${status}`], className)}>{STATUS_LABELS[status] ?? status}</span>
  )
}

/** A quiet label beside a name, e.g. "Chat" for a conversation that is not (yet) a lead. */
export function QuietBadge({ children, className }: Placed & { children: string }): React.JSX.Element {
  return <span className={cx(styles.badge, styles.quiet, className)}>{children}</span>
}

export function OfflineBadge(): React.JSX.Element {
  return (
    <span
      className={cx(styles.badge, styles.offline)}
      data-testid="offline-indicator"
      title="No network: changes wait in the outbox"
    >
      Offline
    </span>
  )
}

/** The badges that travel with a connection's name wherever it is shown. */
export function ConnectionBadges({
  connection
}: {
  connection: Pick<Connection, 'isDemo' | 'readOnly'>
}): React.JSX.Element {
  return (
    <>
      {connection.isDemo && <DemoBadge />}
      {connection.readOnly && <ReadOnlyBadge />}
    </>
  )
}
