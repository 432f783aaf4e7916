import { join } from 'node:path'
import type { ExportOptions } from '../../src/shared/contract/csv-export'
import { encodeRow, excelDateTime } from '../../src/shared/csv/cells'
import {
  attributeKeyOf,
  EXPORT_FIELDS,
  headerOf,
  isFieldId,
  type ExportColumnId,
  type ExportFieldId
} from '../../src/shared/csv/columns'
import { insertMany, type Database, type SqlValue } from '../../src/main/db/database'
import { SYNC_COLUMNS } from '../../src/main/leads/columns'
import { runExport, type ExportPlan } from '../../src/main/csv/export-run'
import { HOSTILE, megabyteNote } from './corpus'

export const CONNECTION = {
  id: 'conn-1',
  name: '=Evil "connection", Ltd\n',
  platform: 'express-chat'
} as const

export async function insertConnection(db: Database): Promise<void> {
  await db.write((tx) =>
    tx.run(
      `INSERT INTO connections (id, platform, brand, name, base_url, created_at, updated_at)
       VALUES (?, ?, 'reekolect', ?, 'http://127.0.0.1:1', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`,
      [CONNECTION.id, CONNECTION.platform, CONNECTION.name]
    )
  )
}

/** A lead row as the sync writes it: every SYNC_COLUMNS value, by column name. */
export type LeadFixture = Partial<Record<(typeof SYNC_COLUMNS)[number], SqlValue>> & { remote_id: string }

export async function insertLeads(db: Database, leads: readonly LeadFixture[]): Promise<void> {
  const defaults: Partial<Record<(typeof SYNC_COLUMNS)[number], SqlValue>> = {
    connection_id: CONNECTION.id,
    kind: 'lead',
    tags_json: '[]',
    notes_json: '[]',
    attributes_json: '[]',
    raw_json: '{}',
    synced_at: '2024-06-01T00:00:00.000Z'
  }
  const rows = leads.map((lead) => SYNC_COLUMNS.map((column) => lead[column] ?? defaults[column] ?? null))
  await db.write((tx) => insertMany(tx, `INSERT INTO leads (${SYNC_COLUMNS.join(', ')})`, SYNC_COLUMNS.length, rows))
}

// Around both of the year's DST changes in Europe and America, and the turn of a year.
export const DATES = [
  '2024-03-10T06:59:59.999Z',
  '2024-03-10T07:00:00.000Z',
  '2024-03-31T00:59:59.000Z',
  '2024-03-31T01:00:00.000Z',
  '2024-10-27T00:30:00.000Z',
  '2024-10-27T01:30:00.000Z',
  '2024-11-03T05:30:00.000Z',
  '2024-12-31T23:59:59.000Z',
  '2023-02-01T05:59:03.533Z',
  null,
  'not a date'
]

/** Every hostile value in every column that holds text, plus a lead with a megabyte of notes. */
export function hostileLeads(): LeadFixture[] {
  const leads: LeadFixture[] = HOSTILE.map(({ value }, i) => {
    const date = DATES[i % DATES.length] ?? null
    return {
      remote_id: `${value ?? ''}#${i}`,
      kind: i % 2 ? 'lead' : 'chat',
      name: value,
      email: value,
      phone: value,
      phone_prefix: value,
      status: value,
      agent: value,
      picture: value,
      city: value,
      country: value,
      gender: value,
      tags_json: JSON.stringify(value === null ? [] : [value, 'vip']),
      notes_json: JSON.stringify(value === null ? [] : [{ title: value, description: `${value}\n${value}` }]),
      attributes_json: JSON.stringify(
        value === null
          ? []
          : [
              { key: 'plan', value },
              { key: '=danger', value: `x${value}` },
              { key: 'plan', value: 'second value for the same key' }
            ]
      ),
      last_message_text: value,
      last_message_at: date,
      last_message_by: value,
      website_visits: i % 3 === 0 ? null : i * 7,
      remote_created_at: DATES[(i + 3) % DATES.length] ?? null,
      // Distinct, so the order is fixed by the data: a tie would fall back on id.
      remote_updated_at: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00.000Z`,
      // Last seen lives in the platform's JSON: express-chat's ISO instant, ChatBot.com's zone-less UTC.
      raw_json: JSON.stringify({
        value,
        nested: { list: [value] },
        ...(i % 3 === 0 ? { lastSeenAt: date } : i % 3 === 1 ? { lastSeen: '2024-03-31 01:30:00' } : {})
      }),
      synced_at: date
    }
  })
  leads.push({
    remote_id: 'big-notes',
    name: 'Megabyte Notes',
    notes_json: JSON.stringify([{ title: 'call log', description: megabyteNote() }]),
    last_message_text: megabyteNote()
  })
  return leads
}

export const ALL_COLUMNS: ExportColumnId[] = [
  ...(Object.keys(EXPORT_FIELDS) as ExportFieldId[]),
  'attribute:plan',
  'attribute:=danger',
  'attribute:missing'
]

export const ALL_OPTIONS: ExportOptions[] = (['excel', 'plain'] as const).flatMap((format) =>
  ([',', ';', '\t'] as const).flatMap((delimiter) => [true, false].map((guard) => ({ format, delimiter, guard })))
)

const FIELD_COLUMN: Record<ExportFieldId, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  phonePrefix: 'phone_prefix',
  status: 'status',
  agent: 'agent',
  tags: 'tags_json',
  notes: 'notes_json',
  attributes: 'attributes_json',
  connection: 'connection_name',
  platform: 'connection_platform',
  connectionId: 'connection_id',
  remoteId: 'remote_id',
  kind: 'kind',
  city: 'city',
  country: 'country',
  gender: 'gender',
  picture: 'picture',
  lastMessageText: 'last_message_text',
  lastMessageAt: 'last_message_at',
  lastMessageBy: 'last_message_by',
  lastSeen: 'last_seen',
  websiteVisits: 'website_visits',
  createdAt: 'remote_created_at',
  updatedAt: 'remote_updated_at',
  syncedAt: 'synced_at',
  raw: 'raw_json'
}

type SourceRow = Record<string, string | number | null>

function valueOf(row: SourceRow, id: ExportColumnId, options: ExportOptions): string | number | null {
  if (isFieldId(id)) {
    const value = row[FIELD_COLUMN[id]] ?? null
    if (EXPORT_FIELDS[id].kind === 'date' && options.format === 'excel') return excelDateTime(value as string | null)
    return value
  }
  const key = attributeKeyOf(id)
  const attributes = JSON.parse(String(row.attributes_json)) as { key: string; value: string }[]
  return attributes.find((a) => a.key === key)?.value ?? null
}

/**
 * The same export written by the plain TypeScript encoder from rows read one by one: the reference
 * the SQL-built file must equal byte for byte.
 */
export async function referenceExport(db: Database, plan: ExportPlan): Promise<Buffer> {
  const { from, where, params, orderBy } = plan.selection
  const rows = await db.all<SourceRow>(
    `SELECT l.*, nullif(l.sort_last_seen, '') AS last_seen, cn.name AS connection_name, cn.platform AS connection_platform
     FROM ${from} LEFT JOIN connections AS cn ON cn.id = l.connection_id
     WHERE ${where} ORDER BY ${orderBy}`,
    params
  )
  const newline = plan.options.format === 'excel' ? '\r\n' : '\n'
  const lines = [
    encodeRow(plan.columns.map(headerOf), plan.options),
    ...rows.map((row) =>
      encodeRow(
        plan.columns.map((id) => valueOf(row, id, plan.options)),
        plan.options
      )
    )
  ]
  const bom = plan.options.format === 'excel' ? '\uFEFF' : ''
  return Buffer.from(bom + lines.map((line) => line + newline).join(''), 'utf8')
}

/** Runs the real export into memory, keeping the chunks as they were written. */
export async function exportToBuffer(
  db: Database,
  plan: ExportPlan,
  readers?: number
): Promise<{ file: Buffer; chunks: number; progress: { rows: number; total: number | null }[] }> {
  const chunks: Buffer[] = []
  const progress: { rows: number; total: number | null }[] = []
  await runExport(
    db,
    plan,
    async (chunk) => {
      chunks.push(Buffer.from(chunk))
    },
    { signal: new AbortController().signal, onProgress: ({ rows, total }) => progress.push({ rows, total }), readers }
  )
  return { file: Buffer.concat(chunks), chunks: chunks.length, progress }
}

/** Where two files first differ, as text around it: readable failures instead of two hex dumps. */
export function firstDifference(actual: Buffer, expected: Buffer): string | null {
  if (actual.equals(expected)) return null
  let i = 0
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++
  const around = (b: Buffer): string => JSON.stringify(b.subarray(Math.max(0, i - 80), i + 80).toString('utf8'))
  return `byte ${i} of ${actual.length} (expected ${expected.length}):\n  actual   ${around(actual)}\n  expected ${around(expected)}`
}

export const dbFile = (dir: string): string => join(dir, 'leads.sqlite')
