import { useState, type ReactNode } from 'react'
import type { Connection, LeadColumn, SortColumn, TableRow } from '../../../shared/contract'
import { SORTABLE_COLUMNS } from '../../../shared/contract/query'
import { DemoBadge } from '../components/Badges'
import { formatCount, formatDateTime, platformLabel, STATUS_LABELS } from '../lib/format'
import { displayName, highlightParts, phoneOf, tableDate } from './display'
import styles from './LeadTable.module.css'

export interface CellContext {
  connections: ReadonlyMap<string, Connection>
  now: number
  /** Search words, highlighted where a cell's text starts a word with one. */
  terms: readonly string[]
}

export interface ColumnSpec {
  id: LeadColumn
  label: string
  width: number
  /** The sort key this column sorts by, or null for a column without its own index. */
  sortKey: SortColumn | null
  cell(row: TableRow, ctx: CellContext): ReactNode
}

/** Lead data is text: highlighted with <mark>, never inserted as HTML. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }): React.JSX.Element {
  return (
    <>{highlightParts(text, terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</>
  )
}

const SYNC_LABELS: Record<NonNullable<TableRow['syncState']>, string> = {
  waiting: 'Waiting to push',
  conflict: 'Conflict',
  localOnly: 'Local only',
  failed: 'Push failed'
}

/**
 * The date as the table shows it, with the full date and time in the user's locale as its tooltip,
 * made when the pointer first comes to it: made for every cell at start, it cost the first paint the
 * loading of Intl's data (see shared/english).
 */
function DateCell({ iso, now }: { iso: string | null; now: number }): React.JSX.Element {
  const [title, setTitle] = useState<{ iso: string; text: string } | null>(null)
  return (
    <span
      title={title?.iso === iso ? title.text : undefined}
      onPointerEnter={() => {
        if (iso && title?.iso !== iso) setTitle({ iso, text: formatDateTime(iso) })
      }}
    >
      {tableDate(iso, now)}
    </span>
  )
}

const sortKeyOf = (id: LeadColumn): SortColumn | null => SORTABLE_COLUMNS.find((c) => c === id) ?? null

const specs: Omit<ColumnSpec, 'sortKey'>[] = [
  {
    id: 'name',
    label: 'Name',
    width: 220,
    cell: (row, ctx) => {
      const shown = displayName(row)
      return (
        <span className={styles.nameCell}>
          <span className={shown.from === 'name' ? styles.name : styles.nameFallback}>
            <Highlighted text={shown.text} terms={ctx.terms} />
          </span>
          {row.kind === 'chat' && <span className="badge badge-quiet">Chat</span>}
        </span>
      )
    }
  },
  {
    id: 'email',
    label: 'Email',
    width: 220,
    cell: (row, ctx) => <Highlighted text={row.email ?? ''} terms={ctx.terms} />
  },
  {
    id: 'phone',
    label: 'Phone',
    width: 150,
    cell: (row, ctx) => <Highlighted text={phoneOf(row)} terms={ctx.terms} />
  },
  {
    id: 'status',
    label: 'Status',
    width: 120,
    cell: (row) =>
      row.status ? <span className={`badge status-${row.status}`}>{STATUS_LABELS[row.status] ?? row.status}</span> : ''
  },
  {
    id: 'platform',
    label: 'Platform',
    width: 130,
    cell: (row, ctx) => {
      const connection = ctx.connections.get(row.connectionId)
      return connection ? platformLabel(connection) : row.platform
    }
  },
  {
    id: 'connection',
    label: 'Connection',
    width: 170,
    cell: (row, ctx) => {
      const connection = ctx.connections.get(row.connectionId)
      if (!connection) return <span className={styles.muted}>Unknown connection</span>
      return (
        <span className={styles.source}>
          <span className={styles.truncate}>{connection.name}</span>
          {connection.archived && <span className={styles.muted}>(removed)</span>}
          {connection.isDemo && <DemoBadge />}
        </span>
      )
    }
  },
  {
    id: 'agent',
    label: 'Agent',
    width: 130,
    cell: (row) => row.agent ?? <span className={styles.muted}>Unassigned</span>
  },
  {
    id: 'tags',
    label: 'Tags',
    width: 180,
    cell: (row, ctx) => (
      <span className={styles.tags}>
        {row.tags.map((tag) => (
          <span key={tag} className={styles.tag}>
            <Highlighted text={tag} terms={ctx.terms} />
          </span>
        ))}
      </span>
    )
  },
  { id: 'created', label: 'Created', width: 120, cell: (row, ctx) => <DateCell iso={row.createdAt} now={ctx.now} /> },
  { id: 'updated', label: 'Updated', width: 120, cell: (row, ctx) => <DateCell iso={row.updatedAt} now={ctx.now} /> },
  {
    id: 'lastMessage',
    label: 'Last message',
    width: 260,
    cell: (row, ctx) => (
      <span className={styles.message}>
        <DateCell iso={row.lastMessageAt} now={ctx.now} />
        {row.lastMessageText && (
          <span className={styles.truncate}>
            {' '}
            <Highlighted text={row.lastMessageText} terms={ctx.terms} />
          </span>
        )}
      </span>
    )
  },
  {
    id: 'lastSeen',
    label: 'Last seen',
    width: 120,
    cell: (row, ctx) => <DateCell iso={row.lastSeenAt} now={ctx.now} />
  },
  {
    id: 'websiteVisits',
    label: 'Website visits',
    width: 110,
    cell: (row) => (row.websiteVisits === null ? '' : formatCount(row.websiteVisits))
  },
  {
    id: 'syncState',
    label: 'Sync',
    width: 130,
    cell: (row) => (row.syncState ? <span className="badge badge-quiet">{SYNC_LABELS[row.syncState]}</span> : '')
  }
]

export const COLUMN_SPECS: ReadonlyMap<LeadColumn, ColumnSpec> = new Map(
  specs.map((s) => [s.id, { ...s, sortKey: sortKeyOf(s.id) }])
)

const BY_ID: ReadonlyMap<string, ColumnSpec> = COLUMN_SPECS

/** The spec of a column by the id TanStack Table hands back (a plain string). */
export const specOf = (id: string): ColumnSpec | undefined => BY_ID.get(id)

export const sortLabel = (column: SortColumn): string =>
  column === 'relevance' ? 'Relevance' : (COLUMN_SPECS.get(column)?.label ?? column)
