import type { Connection, ConnectionState } from '../../../shared/contract'
import { BRAND_LABELS, PLATFORM_LABELS } from '../../../shared/contract/model'
import { groupDigits, relativeTime, type RelativeUnit } from '../../../shared/english'

let numberFormat: Intl.NumberFormat | null = null

export function formatCount(value: number): string {
  // Counts are integers: no Intl (and its data) for them; see shared/english.
  return groupDigits(value) ?? (numberFormat ??= new Intl.NumberFormat('en')).format(value)
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}

const UNITS: [RelativeUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60]
]

export function formatRelative(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never'
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  const seconds = Math.round((time - now) / 1000)
  if (Math.abs(seconds) < 45) return 'just now'
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeTime(Math.round(seconds / size), unit)
  }
  return relativeTime(Math.round(seconds / 60), 'minute')
}

// What Date's toLocaleString() shows, in the user's locale, with its formatter made once:
// toLocaleString() builds a new one on every call (~1 ms each). Made when first asked for, not at
// start: the page's first Intl object loads ICU's data (see shared/english).
let dateTimeFormat: Intl.DateTimeFormat | null = null

export function formatDateTime(iso: string | null): string {
  if (!iso) return ''
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric'
  })
  return dateTimeFormat.format(time)
}

/** A length of time ahead ("about 3 min"), for estimates; formatEta is for the time left of running work. */
export function formatDuration(seconds: number): string {
  if (seconds < 5) return 'under 5 s'
  if (seconds < 60) return `about ${Math.round(seconds)} s`
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`
  return `about ${(seconds / 3600).toFixed(1)} h`
}

export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null
  if (seconds < 5) return 'almost done'
  if (seconds < 60) return `about ${Math.round(seconds)} s left`
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`
  return `about ${(seconds / 3600).toFixed(1)} h left`
}

/** What a salesperson calls the platform: the brand for express-chat, the product name otherwise. */
export function platformLabel(connection: Pick<Connection, 'platform' | 'brand'>): string {
  if (connection.platform === 'express-chat' && connection.brand) return BRAND_LABELS[connection.brand]
  return PLATFORM_LABELS[connection.platform]
}

export const STATE_LABELS: Record<ConnectionState, string> = {
  idle: 'Ready',
  syncing: 'Syncing',
  ok: 'Synced',
  error: 'Sync failed',
  'needs-token': 'Needs a new token',
  offline: 'Unreachable'
}

export const STATUS_LABELS: Record<string, string> = {
  OPEN: 'Open',
  INPROGRESS: 'In progress',
  REVIEW: 'Review',
  ONHOLD: 'On hold',
  DEPENDANCY: 'Dependency',
  CLOSED: 'Closed'
}
