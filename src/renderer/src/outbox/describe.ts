import type { OutboxEntry } from '../../../shared/contract'
import { plural, STATUS_LABELS } from '../lib/format'

export const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  tags: 'Tags',
  notes: 'Notes',
  agent: 'Agent',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  phonePrefix: 'Dial code',
  attributes: 'Custom attributes'
}

/** A field's value as plain text: "Closed", "vip, lead", "2 notes: Call back…", "cleared". */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'cleared'
  if (field === 'status' && typeof value === 'string') return STATUS_LABELS[value] ?? value
  if (field === 'notes' && Array.isArray(value)) {
    const titles = value.map((n: unknown) =>
      n && typeof n === 'object' && 'title' in n && typeof n.title === 'string' ? n.title : ''
    )
    const named = titles.filter(Boolean).join(', ')
    return named ? `${plural(value.length, 'note')}: ${named}` : plural(value.length, 'note')
  }
  if (field === 'attributes' && Array.isArray(value)) {
    const pairs = value.map((a: unknown) =>
      a && typeof a === 'object' && 'key' in a && 'value' in a ? `${String(a.key)}: ${String(a.value)}` : ''
    )
    return pairs.length ? pairs.join(', ') : 'none'
  }
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none'
  return String(value)
}

/** "Status → Closed · Dial code → 12345": what the edit changes, as plain text. */
export function describePatch(patch: OutboxEntry['patch']): string {
  return Object.entries(patch)
    .map(([field, value]) => `${FIELD_LABELS[field] ?? field} → ${describeValue(field, value)}`)
    .join(' · ')
}
