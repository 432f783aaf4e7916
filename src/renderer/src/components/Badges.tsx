import type { Connection, ConnectionState } from '../../../shared/contract'
import { STATE_LABELS } from '../lib/format'

export function DemoBadge(): React.JSX.Element {
  return <span className="badge badge-demo">Demo data</span>
}

export function ReadOnlyBadge(): React.JSX.Element {
  return (
    <span className="badge badge-readonly" title="Chatzuri has no write API: edits you make stay in this app.">
      Read-only: edits stay local
    </span>
  )
}

export function StateBadge({ state }: { state: ConnectionState }): React.JSX.Element {
  return <span className={`badge badge-state state-${state}`}>{STATE_LABELS[state]}</span>
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
