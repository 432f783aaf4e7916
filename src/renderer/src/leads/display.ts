import type { TableRow } from '../../../shared/contract'
import { relativeTime, shortDate, type RelativeUnit } from '../../../shared/english'

/**
 * What a lead is called in the table: its name, else its email, phone or the start of its last
 * message, never a bare "No name". The sort key of migration 6 follows the same order.
 */
export function displayName(
  row: Pick<TableRow, 'name' | 'email' | 'phone' | 'phonePrefix' | 'lastMessageText' | 'remoteId' | 'kind'>
): {
  text: string
  from: 'name' | 'email' | 'phone' | 'message' | 'id'
} {
  if (row.name?.trim()) return { text: row.name.trim(), from: 'name' }
  if (row.email?.trim()) return { text: row.email.trim(), from: 'email' }
  if (row.phone?.trim()) return { text: phoneOf(row), from: 'phone' }
  const message = row.lastMessageText?.trim().replace(/\s+/g, ' ')
  if (message) return { text: message.length > 60 ? `“${message.slice(0, 60)}…”` : `“${message}”`, from: 'message' }
  return { text: `${row.kind === 'chat' ? 'Chat' : 'Lead'} ${row.remoteId}`, from: 'id' }
}

export function phoneOf(row: Pick<TableRow, 'phone' | 'phonePrefix'>): string {
  if (!row.phone) return ''
  const prefix = row.phonePrefix ? `+${row.phonePrefix.replace(/^\+/, '')} ` : ''
  return `${prefix}${row.phone}`
}

const WEEK = 7 * 24 * 3600 * 1000
const UNITS: [RelativeUnit, number][] = [
  ['day', 24 * 3600 * 1000],
  ['hour', 3600 * 1000],
  ['minute', 60 * 1000]
]

/** Within the last week: "3 hours ago"; older (or in the future): the date, e.g. "4 Mar 2025". */
export function tableDate(iso: string | null, now: number): string {
  if (!iso) return ''
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  const age = now - time
  if (age < 0 || age >= WEEK) return shortDate(time)
  if (age < 45_000) return 'just now'
  for (const [unit, size] of UNITS) if (age >= size) return relativeTime(-Math.round(age / size), unit)
  return relativeTime(-Math.max(1, Math.round(age / 60_000)), 'minute')
}

/** The parts of `text` that start with a search word, for <mark>: matched as the index matches (by word start, any case). */
export function highlightParts(text: string, terms: readonly string[]): { text: string; match: boolean }[] {
  const words = terms.map((t) => t.trim()).filter((t) => t.length > 0)
  if (!text || words.length === 0) return [{ text, match: false }]
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length)
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'giu')
  const parts: { text: string; match: boolean }[] = []
  let at = 0
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), match: false })
    parts.push({ text: m[0], match: true })
    at = m.index + m[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false })
  return parts
}
