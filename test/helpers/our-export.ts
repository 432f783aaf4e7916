import type { Attribute, Note } from '../../src/shared/contract'

/*
 * Our CSV export's format as wt/csv-export documents it (src/shared/csv/columns.ts and cells.ts
 * on that branch; docs/csv-format.md): these headers, RFC 4180 quoting, tags, notes and
 * attributes as JSON, dates as stored (the "plain" option), and the formula guard: an apostrophe
 * before a value a spreadsheet would run, and before one that already looks guarded. Until that
 * branch is merged the round-trip test writes the file with this; then it uses the real export.
 */
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']
const SPACES = new Set([
  ' ',
  '\u000B',
  '\u000C',
  '\u00A0',
  '\u1680',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u3000',
  '\uFEFF'
])
for (let c = 0x2000; c <= 0x200a; c++) SPACES.add(String.fromCharCode(c))

function formulaLike(value: string): boolean {
  let i = 0
  while (i < value.length && SPACES.has(value[i]!)) i++
  return i < value.length && TRIGGERS.includes(value[i]!)
}

function encodeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  const guarded = text.startsWith("'") && formulaLike(text.replace(/^'+/, ''))
  if (formulaLike(text) || guarded) return `"'${text.replace(/"/g, '""')}"`
  if (/[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`
  return text
}

export interface ExportedLead {
  name: string | null
  email: string | null
  phone: string | null
  phone_prefix: string | null
  status: string | null
  agent: string | null
  tags_json: string
  notes_json: string
  attributes_json: string
  connection_name: string
  platform: string
  connection_id: string
  remote_id: string
  kind: string
  city: string | null
  country: string | null
  last_message_text: string | null
  last_message_at: string | null
  remote_created_at: string | null
  remote_updated_at: string | null
}

export const EXPORT_HEADERS = [
  'Name',
  'Email',
  'Dial code',
  'Phone',
  'Status',
  'Agent',
  'Tags',
  'Notes',
  'Attributes',
  'Connection',
  'Platform',
  'Connection ID',
  'Platform ID',
  'Kind',
  'City',
  'Country',
  'Last message',
  'Last message at',
  'Created',
  'Updated'
]

/** The file "Export" writes for these leads, all columns, plain format, comma, guard on. */
export function ourExport(leads: readonly ExportedLead[], attributeColumns: readonly string[] = []): string {
  const lines = [[...EXPORT_HEADERS, ...attributeColumns.map((k) => `Attribute: ${k}`)].map(encodeCell).join(',')]
  for (const l of leads) {
    const attributes = JSON.parse(l.attributes_json) as Attribute[]
    const cells = [
      l.name,
      l.email,
      l.phone_prefix,
      l.phone,
      l.status,
      l.agent,
      JSON.stringify(JSON.parse(l.tags_json) as string[]),
      JSON.stringify(JSON.parse(l.notes_json) as Note[]),
      JSON.stringify(attributes),
      l.connection_name,
      l.platform,
      l.connection_id,
      l.remote_id,
      l.kind,
      l.city,
      l.country,
      l.last_message_text,
      l.last_message_at,
      l.remote_created_at,
      l.remote_updated_at,
      ...attributeColumns.map((key) => attributes.find((a) => a.key === key)?.value ?? null)
    ]
    lines.push(cells.map(encodeCell).join(','))
  }
  return lines.join('\n') + '\n'
}
