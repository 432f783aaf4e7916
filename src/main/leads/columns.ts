import type { Lead, LeadPatch, LeadPatchField } from '../../shared/contract'
import type { SqlValue } from '../db'
import type { NormalizedLead } from '../providers'
import { isLeadPatchField, readJson, storedAttributes, storedNotes, storedTags } from './stored-json'

/** Columns a sync writes, in the order of `leadValues`. */
export const SYNC_COLUMNS = [
  'connection_id',
  'remote_id',
  'kind',
  'name',
  'email',
  'phone',
  'phone_prefix',
  'status',
  'agent',
  'picture',
  'city',
  'country',
  'gender',
  'tags_json',
  'notes_json',
  'attributes_json',
  'last_message_text',
  'last_message_at',
  'last_message_by',
  'website_visits',
  'remote_created_at',
  'remote_updated_at',
  'raw_json',
  'synced_at'
] as const

/** `rawJson`: `JSON.stringify(lead.raw)` when the caller has it already. */
export function leadValues(
  connectionId: string,
  lead: NormalizedLead,
  syncedAt: string,
  rawJson = lead.rawJson ?? JSON.stringify(lead.raw)
): SqlValue[] {
  return [
    connectionId,
    lead.remoteId,
    lead.kind,
    lead.name,
    lead.email,
    lead.phone,
    lead.phonePrefix,
    lead.status,
    lead.agent,
    lead.picture,
    lead.city,
    lead.country,
    lead.gender,
    JSON.stringify(lead.tags),
    JSON.stringify(lead.notes),
    JSON.stringify(lead.attributes),
    lead.lastMessageText,
    lead.lastMessageAt,
    lead.lastMessageBy,
    lead.websiteVisits,
    lead.createdAt,
    lead.updatedAt,
    rawJson,
    syncedAt
  ]
}

/** Where each editable field lives in the leads table, and how it is stored. */
export const PATCH_COLUMNS: Record<LeadPatchField, { column: string; json: boolean }> = {
  status: { column: 'status', json: false },
  tags: { column: 'tags_json', json: true },
  notes: { column: 'notes_json', json: true },
  agent: { column: 'agent', json: false },
  name: { column: 'name', json: false },
  email: { column: 'email', json: false },
  phone: { column: 'phone', json: false },
  phonePrefix: { column: 'phone_prefix', json: false },
  attributes: { column: 'attributes_json', json: true }
}

export function patchFields(patch: LeadPatch): LeadPatchField[] {
  return Object.keys(patch)
    .filter(isLeadPatchField)
    .filter((field) => patch[field] !== undefined)
}

export function toSql(field: LeadPatchField, value: unknown): SqlValue {
  if (PATCH_COLUMNS[field].json) return JSON.stringify(value ?? [])
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number') return value
  throw new TypeError(`${field} is stored as text, not ${typeof value}`)
}

export interface LeadRow {
  id: number
  connection_id: string
  remote_id: string
  kind: 'lead' | 'chat'
  name: string | null
  email: string | null
  phone: string | null
  phone_prefix: string | null
  status: string | null
  agent: string | null
  city: string | null
  country: string | null
  tags_json: string
  notes_json: string
  attributes_json: string
  last_message_text: string | null
  last_message_at: string | null
  remote_created_at: string | null
  remote_updated_at: string | null
  raw_json: string
  pending_edits: number
  local_only: number
}

/** The value of one editable field as stored in a row, parsed. */
export function fieldOf(
  row: Pick<
    LeadRow,
    'status' | 'tags_json' | 'notes_json' | 'attributes_json' | 'agent' | 'name' | 'email' | 'phone' | 'phone_prefix'
  >,
  field: LeadPatchField
): unknown {
  switch (field) {
    case 'status':
      return row.status
    case 'tags':
      return readJson(storedTags, row.tags_json)
    case 'notes':
      return readJson(storedNotes, row.notes_json)
    case 'agent':
      return row.agent
    case 'name':
      return row.name
    case 'email':
      return row.email
    case 'phone':
      return row.phone
    case 'phonePrefix':
      return row.phone_prefix
    case 'attributes':
      return readJson(storedAttributes, row.attributes_json)
  }
}

export function fieldOfNormalized(lead: NormalizedLead, field: LeadPatchField): unknown {
  return field === 'phonePrefix' ? lead.phonePrefix : lead[field]
}

export function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    connectionId: row.connection_id,
    remoteId: row.remote_id,
    kind: row.kind,
    name: row.name,
    email: row.email,
    phone: row.phone,
    phonePrefix: row.phone_prefix,
    status: row.status,
    agent: row.agent,
    city: row.city,
    country: row.country,
    tags: readJson(storedTags, row.tags_json),
    notes: readJson(storedNotes, row.notes_json),
    attributes: readJson(storedAttributes, row.attributes_json),
    lastMessageText: row.last_message_text,
    lastMessageAt: row.last_message_at,
    createdAt: row.remote_created_at,
    updatedAt: row.remote_updated_at,
    pendingEdits: row.pending_edits,
    localOnly: row.local_only > 0
  }
}

/** Structural equality for field values (strings, nulls, arrays of strings or notes). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}
