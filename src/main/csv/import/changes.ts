import type { Attribute, LeadPatch, LeadPatchField, Note } from '../../../shared/contract'
import type { SqlValue } from '../../db'
import type { ExistingLead } from './dedupe'
import type { RowValues } from './validate'
import { phoneKey } from './values/phone'

/** Every lead field an import may change, and its column. JSON columns hold lists. */
export const FIELD_COLUMNS = {
  name: { column: 'name', json: false },
  email: { column: 'email', json: false },
  phone: { column: 'phone', json: false },
  phonePrefix: { column: 'phone_prefix', json: false },
  status: { column: 'status', json: false },
  agent: { column: 'agent', json: false },
  city: { column: 'city', json: false },
  country: { column: 'country', json: false },
  tags: { column: 'tags_json', json: true },
  notes: { column: 'notes_json', json: true },
  attributes: { column: 'attributes_json', json: true },
  kind: { column: 'kind', json: false },
  createdAt: { column: 'remote_created_at', json: false },
  updatedAt: { column: 'remote_updated_at', json: false },
  lastMessageText: { column: 'last_message_text', json: false },
  lastMessageAt: { column: 'last_message_at', json: false }
} as const
export type ChangeField = keyof typeof FIELD_COLUMNS

/** Fields the platforms take edits of: these go through the outbox. */
const PATCHABLE: ReadonlySet<ChangeField> = new Set<LeadPatchField>([
  'status',
  'tags',
  'notes',
  'agent',
  'name',
  'email',
  'phone',
  'phonePrefix'
])
/** The platform's own record of a lead: an import sets these only on leads it created. */
const PLATFORM_OWNED: ReadonlySet<ChangeField> = new Set<ChangeField>([
  'kind',
  'createdAt',
  'updatedAt',
  'lastMessageText',
  'lastMessageAt'
])

export type FieldValues = Partial<Record<ChangeField, unknown>>

export function valueOf(lead: ExistingLead, field: ChangeField): unknown {
  const { column, json } = FIELD_COLUMNS[field]
  const raw = lead[column as keyof ExistingLead]
  return json ? (JSON.parse(raw as string) as unknown) : raw
}

/** Values compared as the user sees them: no value and an empty one are the same. */
export function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => (v === null || v === undefined || v === '' ? 'null' : JSON.stringify(v))
  return norm(a) === norm(b)
}

/** A lead is local until pushed: the import may rewrite all of it, without queueing edits. */
export function isLocal(lead: ExistingLead): boolean {
  return lead.import_state === 'local' || lead.import_state === 'pushing'
}

export interface LeadChange {
  lead: ExistingLead
  /** Queued for the platform (recordEdit); empty for local leads. */
  patch: LeadPatch
  /** Written to the cache only. */
  direct: FieldValues
  before: FieldValues
  after: FieldValues
}

function mergedAttributes(current: Attribute[], set: readonly Attribute[]): Attribute[] {
  const out = current.map((a) => ({ ...a }))
  for (const { key, value } of set) {
    const existing = out.find((a) => a.key === key)
    if (existing) existing.value = value
    else out.push({ key, value })
  }
  return out
}

/** What updating `lead` with a row's values changes; null when nothing would. */
export function diffLead(lead: ExistingLead, values: RowValues): LeadChange | null {
  const wanted: FieldValues = {}
  const simple = [
    'name',
    'email',
    'phone',
    'phonePrefix',
    'status',
    'agent',
    'city',
    'country',
    'tags',
    'notes',
    'attributes',
    'kind',
    'createdAt',
    'updatedAt',
    'lastMessageText',
    'lastMessageAt'
  ] as const
  for (const field of simple) if (values[field] !== undefined) wanted[field] = values[field]
  if (values.addNote) {
    const notes = (wanted.notes as Note[] | null | undefined) ?? (valueOf(lead, 'notes') as Note[])
    if (!notes.some((n) => n.description === values.addNote!.description)) wanted.notes = [...notes, values.addNote]
  }
  if (values.setAttributes) {
    const base = (wanted.attributes as Attribute[] | null | undefined) ?? (valueOf(lead, 'attributes') as Attribute[])
    wanted.attributes = mergedAttributes(base, values.setAttributes)
  }
  // A row matched by e-mail or phone may write it differently (case, spaces, dial code apart or
  // not): the same address or number is not a change, and the lead keeps its own spelling.
  if (typeof wanted.email === 'string' && lead.email?.trim().toLowerCase() === wanted.email.trim().toLowerCase())
    delete wanted.email
  if (typeof wanted.phone === 'string') {
    const prefix = wanted.phonePrefix !== undefined ? (wanted.phonePrefix as string | null) : lead.phone_prefix
    if (phoneKey(lead.phone, lead.phone_prefix) === phoneKey(wanted.phone, prefix)) {
      delete wanted.phone
      delete wanted.phonePrefix
    }
  }
  const local = isLocal(lead)
  const change: LeadChange = { lead, patch: {}, direct: {}, before: {}, after: {} }
  let any = false
  for (const [key, value] of Object.entries(wanted) as [ChangeField, unknown][]) {
    if (!local && PLATFORM_OWNED.has(key)) continue
    const current = valueOf(lead, key)
    const next = FIELD_COLUMNS[key].json && value === null ? [] : value
    if (same(current, next)) continue
    any = true
    change.before[key] = current
    change.after[key] = next
    // A cleared field is null in the cache, as a sync leaves it; LeadPatch (typed for the edit form) has no null for it.
    if (!local && PATCHABLE.has(key)) (change.patch as Record<string, unknown>)[key] = next ?? null
    else change.direct[key] = next
  }
  return any ? change : null
}

/** Before/after values are stored wrapped in one-element arrays, so SQLite's json_patch keeps nulls. */
export function wrap(values: FieldValues): string {
  return JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v ?? null]])))
}

export function unwrap(json: string): FieldValues {
  const parsed = JSON.parse(json) as Record<string, [unknown]>
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v[0]])) as FieldValues
}

function sqlValue(field: ChangeField, value: unknown): SqlValue {
  if (FIELD_COLUMNS[field].json) return JSON.stringify(value ?? [])
  return (value ?? null) as SqlValue
}

/** Field values as the columns that hold them. */
export function columnValues(values: FieldValues): Map<string, SqlValue> {
  const out = new Map<string, SqlValue>()
  for (const field of Object.keys(values) as ChangeField[])
    out.set(FIELD_COLUMNS[field].column, sqlValue(field, values[field]))
  return out
}
