import type { GridRow, ImportCounts, ImportEncoding, ImportTarget } from '../../../shared/contract'
import { formatCount } from '../lib/format'

export const TARGET_LABELS: Record<ImportTarget, string> = {
  ignore: 'Leave out',
  attribute: 'Custom attribute',
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  phonePrefix: 'Dial code',
  status: 'Status',
  agent: 'Agent',
  city: 'City',
  country: 'Country',
  tags: 'Tags',
  notes: 'Notes (Lead Manager JSON)',
  note: 'Note (text)',
  attributes: 'Attributes (Lead Manager JSON)',
  remoteId: 'Platform ID',
  connection: 'Connection ID',
  kind: 'Lead or chat',
  createdAt: 'Created',
  updatedAt: 'Updated',
  lastMessageText: 'Last message',
  lastMessageAt: 'Last message at'
}

export const ENCODING_LABELS: Record<ImportEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Western)',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
  'iso-8859-15': 'ISO-8859-15 (Latin-9)',
  'windows-1250': 'Windows-1250 (Central European)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  shift_jis: 'Shift_JIS (Japanese)',
  gb18030: 'GB18030 (Chinese)',
  big5: 'Big5 (Traditional Chinese)',
  'euc-kr': 'EUC-KR (Korean)'
}

export const DELIMITER_LABELS: Record<string, string> = {
  ',': 'Comma',
  ';': 'Semicolon',
  '\t': 'Tab',
  '|': 'Pipe'
}

export const ACTION_LABELS: Record<GridRow['action'], string> = {
  create: 'New',
  update: 'Update',
  unchanged: 'Unchanged',
  ignored: 'Left out',
  error: 'Error',
  skipped: 'Skipped'
}

export function describeCounts(c: ImportCounts): string {
  return `${formatCount(c.create)} new, ${formatCount(c.update)} updated, ${formatCount(c.unchanged)} unchanged, ${formatCount(c.skipped)} skipped`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
