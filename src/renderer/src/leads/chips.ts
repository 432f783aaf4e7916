import type { Connection, DateRange, LeadFilters } from '../../../shared/contract'
import { PLATFORM_LABELS } from '../../../shared/contract/model'
import { STATUS_LABELS } from '../lib/format'

export interface Chip {
  key: keyof LeadFilters
  /** What the chip says, e.g. "Status: Open or Review". */
  label: string
  /** The filters without this one. */
  without: LeadFilters
}

const SYNC_LABELS = { waiting: 'waiting to push', conflict: 'conflict', localOnly: 'local only', failed: 'failed' }
const PRESET_LABELS = { today: 'today', '7d': 'last 7 days', '30d': 'last 30 days' }

const orList = (values: readonly string[]): string =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`
const andList = (values: readonly string[]): string =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`

export function describeRange(range: DateRange): string {
  if (range.preset) return PRESET_LABELS[range.preset]
  const day = (iso: string): string => iso.slice(0, 10)
  if (range.from && range.to) return `${day(range.from)} to ${day(range.to)}`
  if (range.from) return `since ${day(range.from)}`
  if (range.to) return `before ${day(range.to)}`
  return 'any time'
}

/** One removable chip per filter in use, in a fixed order. */
export function chipsOf(filters: LeadFilters, connections: readonly Connection[]): Chip[] {
  const chips: Chip[] = []
  const push = (key: keyof LeadFilters, label: string): void => {
    const without = { ...filters }
    delete without[key]
    chips.push({ key, label, without })
  }
  if (filters.status?.length) push('status', `Status: ${orList(filters.status.map((s) => STATUS_LABELS[s] ?? s))}`)
  if (filters.platform?.length) push('platform', `Platform: ${orList(filters.platform.map((p) => PLATFORM_LABELS[p]))}`)
  if (filters.connection?.length) {
    const names = filters.connection.map((id) => connections.find((c) => c.id === id)?.name ?? 'removed connection')
    push('connection', `Connection: ${orList(names)}`)
  }
  if (filters.tags?.values.length) {
    const { mode, values } = filters.tags
    push(
      'tags',
      mode === 'all'
        ? `Tags: ${andList(values)}`
        : mode === 'none'
          ? `Tags: none of ${orList(values)}`
          : `Tags: ${orList(values)}`
    )
  }
  if (filters.agent?.length) push('agent', `Agent: ${orList(filters.agent.map((a) => a ?? 'unassigned'))}`)
  if (filters.created) push('created', `Created: ${describeRange(filters.created)}`)
  if (filters.updated) push('updated', `Updated: ${describeRange(filters.updated)}`)
  if (filters.lastMessage) push('lastMessage', `Last message: ${describeRange(filters.lastMessage)}`)
  if (filters.hasEmail !== undefined) push('hasEmail', filters.hasEmail ? 'Has email' : 'No email')
  if (filters.hasPhone !== undefined) push('hasPhone', filters.hasPhone ? 'Has phone' : 'No phone')
  if (filters.kind) push('kind', filters.kind === 'lead' ? 'Leads only' : 'Chats only')
  if (filters.syncState?.length) push('syncState', `Sync: ${orList(filters.syncState.map((s) => SYNC_LABELS[s]))}`)
  if (filters.promoted !== undefined)
    push('promoted', filters.promoted ? 'Promoted from a chat' : 'Not promoted from a chat')
  return chips
}
