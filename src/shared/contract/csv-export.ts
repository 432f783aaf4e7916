import { z } from 'zod'
import { ATTRIBUTE_COLUMN_PREFIX, EXPORT_FIELD_IDS, type ExportColumnId } from '../csv/columns'
import { bulkSelectionSchema } from './bulk'
import { method } from './define'
import { leadQuerySchema } from './query'
import { LIMITS, nonEmptyShort, ok, shortText } from './primitives'

export const exportOptionsSchema = z
  .object({
    /** "excel": UTF-8 with BOM, CRLF, local `YYYY-MM-DD HH:MM:SS` dates. "plain": UTF-8, LF, ISO-8601 UTC. */
    format: z.enum(['excel', 'plain']),
    delimiter: z.enum([',', ';', '\t']),
    /** Formula-injection protection; off only for files going back into Lead Manager. */
    guard: z.boolean()
  })
  .strict()
export type ExportOptions = z.infer<typeof exportOptionsSchema>

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { format: 'excel', delimiter: ',', guard: true }

const attributeColumnSchema = z.templateLiteral([ATTRIBUTE_COLUMN_PREFIX, z.string().min(1).max(LIMITS.shortText)])
export const exportColumnIdSchema = z.union([z.enum(EXPORT_FIELD_IDS), attributeColumnSchema])

export const exportColumnsSchema = z
  .array(exportColumnIdSchema)
  .min(1, 'choose at least one column')
  .max(500)
  .refine((ids: ExportColumnId[]) => new Set(ids).size === ids.length, 'a column appears twice')

/**
 * What to export: the rows a view query matches, or the leads selected in the table (the bulk
 * edit's selection: hand-picked ids, or "all that match" held as its query, never as a list of
 * ids), in the view's order either way.
 */
export const exportScopeSchema = z
  .object({
    query: leadQuerySchema,
    selection: bulkSelectionSchema.optional()
  })
  .strict()
export type ExportScope = z.output<typeof exportScopeSchema>
export type ExportScopeInput = z.input<typeof exportScopeSchema>

export const exportPresetSchema = z
  .object({ name: nonEmptyShort, columns: exportColumnsSchema, options: exportOptionsSchema })
  .strict()
export type ExportPreset = z.infer<typeof exportPresetSchema>

export const exportProgressSchema = z.object({
  exportId: z.string(),
  phase: z.enum(['waiting', 'counting', 'writing', 'done', 'cancelled', 'failed']),
  rows: z.number().int(),
  /** Known once the rows are counted. */
  total: z.number().int().nullable(),
  bytes: z.number().int(),
  fraction: z.number().min(0).max(1).nullable(),
  fileName: z.string(),
  message: z.string().nullable()
})
export type ExportProgress = z.infer<typeof exportProgressSchema>

const fileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((name) => !/[/\\\0]/.test(name), 'a file name, not a path')

export const csvExportMethods = {
  'export.start': method(
    'Start a CSV export: to a file the user picks in the save dialog (desktop), or as a one-time download URL (browser).',
    z
      .object({
        scope: exportScopeSchema,
        columns: exportColumnsSchema,
        options: exportOptionsSchema,
        target: z.enum(['file', 'download']),
        fileName: fileNameSchema
      })
      .strict(),
    z.object({
      /** False when the user closed the save dialog without choosing a file. */
      started: z.boolean(),
      exportId: z.string().nullable(),
      fileName: z.string(),
      /** For "download": a same-origin URL that streams the file once, within a minute. */
      downloadUrl: z.string().nullable()
    })
  ),
  'export.cancel': method(
    'Cancel a running export; its file is removed, never left half-written.',
    z.object({ exportId: shortText }).strict(),
    z.object({ cancelled: z.boolean() })
  ),
  'export.status': method(
    'Progress of an export started in this session.',
    z.object({ exportId: shortText }).strict(),
    exportProgressSchema.nullable()
  ),
  'export.attributeKeys': method(
    'The custom attribute keys found among the leads a query matches (for one column per key).',
    z.object({ query: leadQuerySchema }).strict(),
    z.object({ keys: z.array(z.string()), truncated: z.boolean() })
  ),
  'export.presets': method(
    'Saved export presets, and the columns and options of the last export.',
    z.object({}).strict(),
    z.object({
      presets: z.array(exportPresetSchema),
      last: exportPresetSchema.omit({ name: true }).nullable()
    })
  ),
  'export.savePreset': method(
    'Save (or replace, by name) an export preset.',
    exportPresetSchema,
    z.array(exportPresetSchema)
  ),
  'export.deletePreset': method('Delete an export preset.', z.object({ name: nonEmptyShort }).strict(), ok)
}
