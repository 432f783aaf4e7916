import { z } from 'zod'
import { method } from './define'
import { LIMITS, empty, isoDate, shortText } from './primitives'

/** What a CSV column can become. Names are the lead's fields, plus the spreadsheet-only ones. */
export const IMPORT_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'phonePrefix',
  'status',
  'agent',
  'city',
  'country',
  'tags',
  'notes',
  'note',
  'attributes',
  'remoteId',
  'connection',
  'kind',
  'createdAt',
  'updatedAt',
  'lastMessageText',
  'lastMessageAt'
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
/** `attribute`: kept as a custom attribute named after the header; `ignore`: not imported. */
export const importTargetSchema = z.union([z.enum(IMPORT_FIELDS), z.literal('attribute'), z.literal('ignore')])
export type ImportTarget = z.infer<typeof importTargetSchema>

export const IMPORT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'windows-1250',
  'windows-1251',
  'shift_jis',
  'gb18030',
  'big5',
  'euc-kr'
] as const
export const importEncodingSchema = z.enum(IMPORT_ENCODINGS)
export type ImportEncoding = z.infer<typeof importEncodingSchema>
export const IMPORT_DELIMITERS = [',', ';', '\t', '|'] as const
export const importDelimiterSchema = z.enum(IMPORT_DELIMITERS)
export type ImportDelimiter = z.infer<typeof importDelimiterSchema>

const sessionId = z.string().min(1).max(64)
const rowNumber = z.number().int().min(1).max(1_000_000_000)

export const columnMappingSchema = z.object({ column: z.number().int().min(0).max(4096), target: importTargetSchema })
export type ColumnMapping = z.infer<typeof columnMappingSchema>

export const importOptionsSchema = z
  .object({
    /** create: only new leads; update: only leads that exist; both. */
    mode: z.enum(['create', 'update', 'both']),
    /** Where created leads live (marked local until pushed); also the connection remote ids refer to. */
    connectionId: shortText.min(1),
    /** Keys that find an existing lead, tried in this order: platform id, e-mail, phone. */
    matchBy: z.object({ remoteId: z.boolean(), email: z.boolean(), phone: z.boolean() }).strict(),
    /** ISO 3166 code for phone numbers written without their country code. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
    /** How to read 03/04/2025. */
    dateOrder: z.enum(['auto', 'month-first', 'day-first']),
    /** Keep values as they are (our own export): no phone reformatting, any status text. */
    verbatim: z.boolean(),
    /** An empty cell clears the field of an updated lead (else it leaves it as it is). */
    emptyClears: z.boolean()
  })
  .strict()
export type ImportOptions = z.infer<typeof importOptionsSchema>

export const importFormatSchema = z.object({
  encoding: importEncodingSchema,
  /** How the encoding was chosen. */
  encodingSource: z.enum(['bom', 'detected', 'chosen']),
  delimiter: importDelimiterSchema,
  /** Spreadsheet row (1-based) of the header; null when the file has none. */
  headerRow: z.number().int().min(1).nullable()
})
export type ImportFormat = z.infer<typeof importFormatSchema>

export const importPreviewSchema = z.object({
  sessionId: z.string(),
  fileName: z.string(),
  fileSize: z.number().int(),
  format: importFormatSchema,
  headers: z.array(z.string()),
  /** The first rows under the header, cells cut for display. */
  sample: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
  mapping: z.array(columnMappingSchema),
  /** A saved mapping for this header row, already applied to `mapping`. */
  preset: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** Which known export the headers look like (HubSpot, Salesforce, …), if any. */
  recognized: z.string().nullable(),
  /** Options to start from (a preset's, or what suits a recognized export); the connection may be unset. */
  options: importOptionsSchema.extend({ connectionId: z.string() }),
  warnings: z.array(z.string())
})
export type ImportPreview = z.infer<typeof importPreviewSchema>

export const importCountsSchema = z.object({
  /** Data rows read (blank lines not counted). */
  rows: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  /** Rows not imported: errors (duplicates in the file included) and rows the user skipped. */
  skipped: z.number().int(),
  /** Rows the chosen mode leaves out: existing leads in create mode, new ones in update mode. */
  ignored: z.number().int(),
  errors: z.number().int(),
  duplicatesInFile: z.number().int(),
  blankLines: z.number().int(),
  raggedRows: z.number().int(),
  /** Leads the updates reach (an e-mail can match the same person at two platforms). */
  leadsUpdated: z.number().int()
})
export type ImportCounts = z.infer<typeof importCountsSchema>

export const importSummarySchema = z.object({
  sessionId: z.string(),
  counts: importCountsSchema,
  /** Rows kept for the grid: the first rows of the file and every row with a problem. */
  gridRows: z.number().int(),
  /** More rows had errors than the grid keeps; the rest are counted only. */
  truncated: z.boolean(),
  warnings: z.array(z.string())
})
export type ImportSummary = z.infer<typeof importSummarySchema>

export const gridRowSchema = z.object({
  row: z.number().int(),
  /** One value per mapped column, in mapping order, as it will be imported (fixes applied). */
  cells: z.array(z.string()),
  /** Column index → why the value is refused. Row-level problems use key -1. */
  errors: z.array(z.object({ column: z.number().int(), message: z.string() })),
  action: z.enum(['create', 'update', 'unchanged', 'ignored', 'error', 'skipped']),
  matches: z.number().int(),
  skipped: z.boolean(),
  fixed: z.array(z.number().int())
})
export type GridRow = z.infer<typeof gridRowSchema>

export const importRecordSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  connectionId: z.string().nullable(),
  mode: z.enum(['create', 'update', 'both']),
  state: z.enum(['committed', 'reverted']),
  counts: importCountsSchema,
  createdAt: isoDate,
  revertedAt: isoDate.nullable(),
  /** Created leads not yet on a platform / pushed. */
  local: z.number().int(),
  pushed: z.number().int()
})
export type ImportRecord = z.infer<typeof importRecordSchema>

export const importPresetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  headers: z.array(z.string()),
  mapping: z.array(columnMappingSchema),
  options: importOptionsSchema.nullable(),
  createdAt: isoDate
})
export type ImportPreset = z.infer<typeof importPresetSchema>

const columnsInput = z.array(columnMappingSchema).max(4096)

export const importMethods = {
  'imports.open': method(
    'Open a CSV file: from the native dialog (desktop) or an uploaded file (browser mode). Null when the dialog was cancelled.',
    z.union([z.object({ dialog: z.literal(true) }).strict(), z.object({ uploadId: sessionId }).strict()]),
    importPreviewSchema.nullable()
  ),
  'imports.configure': method(
    'Read the file again with another encoding, delimiter or header row.',
    z
      .object({
        sessionId,
        encoding: importEncodingSchema.optional(),
        delimiter: importDelimiterSchema.optional(),
        headerRow: z.number().int().min(1).max(1000).nullable().optional()
      })
      .strict(),
    importPreviewSchema
  ),
  'imports.analyze': method(
    'Validate every row under a mapping and find the leads they match; nothing is written.',
    z.object({ sessionId, mapping: columnsInput, options: importOptionsSchema }).strict(),
    importSummarySchema
  ),
  'imports.rows': method(
    'A page of the preview grid.',
    z
      .object({
        sessionId,
        onlyProblems: z.boolean(),
        offset: z.number().int().min(0).max(10_000_000),
        limit: z.number().int().min(1).max(500)
      })
      .strict(),
    z.object({ rows: z.array(gridRowSchema), total: z.number().int() })
  ),
  'imports.fix': method(
    'Change one cell before importing; the row is checked again.',
    z
      .object({ sessionId, row: rowNumber, column: z.number().int().min(0), value: z.string().max(LIMITS.longText) })
      .strict(),
    z.object({ row: gridRowSchema, counts: importCountsSchema })
  ),
  'imports.skip': method(
    'Leave a row out of the import, or take it back in.',
    z.object({ sessionId, row: rowNumber, skip: z.boolean() }).strict(),
    z.object({ row: gridRowSchema, counts: importCountsSchema })
  ),
  'imports.rejected': method(
    'The rows that will not be imported, as CSV with the reason for each.',
    z.object({ sessionId }).strict(),
    z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() })
  ),
  'imports.commit': method(
    'Write the import in one transaction: all of it or nothing.',
    z.object({ sessionId }).strict(),
    importRecordSchema
  ),
  'imports.cancel': method(
    'Stop a running analysis, commit or push; nothing of it stays.',
    z.object({ sessionId }).strict(),
    z.object({ cancelled: z.boolean() })
  ),
  'imports.close': method('Forget an open file.', z.object({ sessionId }).strict(), z.object({ ok: z.literal(true) })),
  'imports.history': method('Every committed import, newest first.', empty, z.array(importRecordSchema)),
  'imports.revert': method(
    'Undo an import: restore the leads it updated, remove the ones it created.',
    z.object({ importId: z.number().int().min(1) }).strict(),
    z.object({
      restored: z.number().int(),
      removed: z.number().int(),
      /** Fields changed again since the import, left as they are now. */
      keptNewer: z.number().int(),
      /** Created leads already pushed to a platform: they live there now and are kept. */
      keptPushed: z.number().int(),
      record: importRecordSchema
    })
  ),
  'imports.push': method(
    "Create an import's local leads on a platform that accepts writes.",
    z.object({ importId: z.number().int().min(1), connectionId: shortText.min(1).optional() }).strict(),
    z.object({ pushed: z.number().int(), failed: z.number().int(), messages: z.array(z.string()) })
  ),
  'imports.presets': method('Saved column mappings.', empty, z.array(importPresetSchema)),
  'imports.savePreset': method(
    "Save a session's mapping and options under a name; offered again for the same header row.",
    z
      .object({ sessionId, name: shortText.trim().min(1), mapping: columnsInput, options: importOptionsSchema })
      .strict(),
    importPresetSchema
  ),
  'imports.deletePreset': method(
    'Delete a saved mapping.',
    z.object({ id: z.number().int().min(1) }).strict(),
    z.object({ ok: z.literal(true) })
  )
}

/** Pushed while a file is analysed, committed or its leads pushed. `key` is the session id, or `push:<import id>`. */
export const importProgressSchema = z.object({
  key: z.string(),
  phase: z.enum(['analyzing', 'committing', 'pushing', 'done', 'cancelled', 'failed']),
  rows: z.number().int(),
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string().nullable()
})
export type ImportProgress = z.infer<typeof importProgressSchema>
