/*
 * The columns a CSV export can hold, with the header each is written under. Headers are part of
 * the file format (docs/csv-format.md): the importer recognises our own files by them, so a header
 * is never renamed, only added.
 */

import type { LeadColumn } from '../contract/query'

/** How a column's value is stored, which decides how it is written. */
export type ExportColumnKind = 'text' | 'integer' | 'date' | 'json'

export interface ExportField {
  header: string
  kind: ExportColumnKind
  /** Shown in the column chooser. */
  label: string
}

export const EXPORT_FIELDS = {
  name: { header: 'Name', kind: 'text', label: 'Name' },
  email: { header: 'Email', kind: 'text', label: 'Email' },
  phone: { header: 'Phone', kind: 'text', label: 'Phone' },
  phonePrefix: { header: 'Dial code', kind: 'text', label: 'Dial code' },
  status: { header: 'Status', kind: 'text', label: 'Status' },
  agent: { header: 'Agent', kind: 'text', label: 'Assigned agent' },
  tags: { header: 'Tags', kind: 'json', label: 'Tags (JSON array)' },
  notes: { header: 'Notes', kind: 'json', label: 'Notes (JSON array of {title, description})' },
  attributes: { header: 'Attributes', kind: 'json', label: 'All custom attributes (JSON array of {key, value})' },
  connection: { header: 'Connection', kind: 'text', label: 'Connection name' },
  platform: { header: 'Platform', kind: 'text', label: 'Platform' },
  connectionId: { header: 'Connection ID', kind: 'text', label: 'Connection ID' },
  remoteId: { header: 'Platform ID', kind: 'text', label: 'ID on the platform' },
  kind: { header: 'Kind', kind: 'text', label: 'Lead or chat' },
  city: { header: 'City', kind: 'text', label: 'City' },
  country: { header: 'Country', kind: 'text', label: 'Country' },
  gender: { header: 'Gender', kind: 'text', label: 'Gender' },
  picture: { header: 'Picture URL', kind: 'text', label: 'Picture URL' },
  lastMessageText: { header: 'Last message', kind: 'text', label: 'Last message' },
  lastMessageAt: { header: 'Last message at', kind: 'date', label: 'Last message at' },
  lastMessageBy: { header: 'Last message by', kind: 'text', label: 'Last message by' },
  lastSeen: { header: 'Last seen', kind: 'date', label: 'Last seen' },
  websiteVisits: { header: 'Website visits', kind: 'integer', label: 'Website visits' },
  createdAt: { header: 'Created', kind: 'date', label: 'Created' },
  updatedAt: { header: 'Updated', kind: 'date', label: 'Updated' },
  syncedAt: { header: 'Synced', kind: 'date', label: 'Last synced' },
  raw: { header: 'Raw platform data', kind: 'json', label: 'Raw platform data (JSON)' }
} as const satisfies Record<string, ExportField>

export type ExportFieldId = keyof typeof EXPORT_FIELDS
export const EXPORT_FIELD_IDS: readonly ExportFieldId[] = Object.keys(EXPORT_FIELDS).filter(isFieldId)

/** One column per custom attribute key: `attribute:<key>`, written under `Attribute: <key>`. */
export const ATTRIBUTE_COLUMN_PREFIX = 'attribute:'
export const ATTRIBUTE_HEADER_PREFIX = 'Attribute: '

export type ExportColumnId = ExportFieldId | `attribute:${string}`

export function isFieldId(id: string): id is ExportFieldId {
  return Object.prototype.hasOwnProperty.call(EXPORT_FIELDS, id)
}

export function attributeKeyOf(id: string): string | null {
  return id.startsWith(ATTRIBUTE_COLUMN_PREFIX) ? id.slice(ATTRIBUTE_COLUMN_PREFIX.length) : null
}

export function headerOf(id: ExportColumnId): string {
  return isFieldId(id) ? EXPORT_FIELDS[id].header : `${ATTRIBUTE_HEADER_PREFIX}${attributeKeyOf(id) ?? id}`
}

/** What each of the table's columns (the query model's `columns`) becomes in a file. */
const VIEW_COLUMN_FIELDS: Record<LeadColumn, readonly ExportFieldId[]> = {
  name: ['name'],
  email: ['email'],
  phone: ['phonePrefix', 'phone'],
  status: ['status'],
  platform: ['platform'],
  connection: ['connection'],
  agent: ['agent'],
  tags: ['tags'],
  created: ['createdAt'],
  updated: ['updatedAt'],
  lastMessage: ['lastMessageAt', 'lastMessageText'],
  lastSeen: ['lastSeen'],
  websiteVisits: ['websiteVisits'],
  // Edits waiting to be pushed: a state of this computer, not lead data.
  syncState: []
}

/** The export's columns for the table's visible columns, in their order: where the column choice starts. */
export function exportColumnsForView(columns: readonly LeadColumn[]): ExportFieldId[] {
  return [...new Set(columns.flatMap((column) => VIEW_COLUMN_FIELDS[column]))]
}
