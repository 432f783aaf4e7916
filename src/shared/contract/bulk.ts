import { z } from 'zod'
import { method } from './define'
import { leadStatusSchema, noteSchema, platformSchema } from './model'
import { leadQuerySchema } from './query'
import { shortText, text } from './primitives'

/** The most ids a hand-picked selection may carry; past that the selection is a query. */
export const BULK_MAX_IDS = 10_000
/** Leads one bulk edit may change (the whole cache at a million, with room). */
export const BULK_MAX_LEADS = 2_000_000

/**
 * What a bulk edit applies to: the leads a query matches (minus the ones the user unticked), held
 * as the query itself so "all 1,000,000 that match" never crosses the boundary as ids; or a few
 * hand-picked ids.
 */
export const bulkSelectionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('query'),
      query: leadQuerySchema,
      except: z
        .array(z.number().int().min(1))
        .max(BULK_MAX_IDS)
        .default(() => [])
    })
    .strict(),
  z.object({ kind: z.literal('ids'), ids: z.array(z.number().int().min(1)).min(1).max(BULK_MAX_IDS) }).strict()
])
export type BulkSelection = z.output<typeof bulkSelectionSchema>
export type BulkSelectionInput = z.input<typeof bulkSelectionSchema>

const tagList = z.array(shortText.min(1)).min(1).max(50)
/** Attribute keys every platform takes (ChatBot.com's rule), minus its own default_ and our lead_ keys. */
export const attributeKeySchema = z
  .string()
  .regex(/^[\w-]{1,128}$/, 'an attribute name is 1 to 128 letters, digits, _ or -')
  .refine((key) => !/^(default|lead)_/.test(key), 'names starting with default_ or lead_ are the platforms’ own')

/** One change, applied to every selected lead. */
export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setStatus'), status: leadStatusSchema }).strict(),
  z.object({ kind: z.literal('addTags'), tags: tagList }).strict(),
  z.object({ kind: z.literal('removeTags'), tags: tagList }).strict(),
  z.object({ kind: z.literal('setAgent'), agent: shortText.min(1).nullable() }).strict(),
  z.object({ kind: z.literal('addNote'), note: noteSchema.extend({ title: text.min(1) }) }).strict(),
  z.object({ kind: z.literal('setAttribute'), key: attributeKeySchema, value: text.min(1) }).strict()
])
export type BulkAction = z.infer<typeof bulkActionSchema>

const platformPreview = z.object({
  platform: platformSchema,
  /** Selected leads of this platform. */
  selected: z.number().int(),
  /** Leads whose value changes. */
  changes: z.number().int(),
  /** Leads already in that state: nothing is written or sent for them. */
  unchanged: z.number().int(),
  /** Changes that will be sent to the platform (one edit per lead, merged with its waiting edits). */
  pushed: z.number().int(),
  /** Changes that stay in Lead Manager (Chatzuri is read-only). */
  localOnly: z.number().int(),
  /** Seconds the pushes take at the platform's rate limit and our concurrency. */
  estimatedSeconds: z.number()
})
export type BulkPlatformPreview = z.infer<typeof platformPreview>

export const bulkPreviewSchema = z.object({
  selected: z.number().int(),
  changes: z.number().int(),
  unchanged: z.number().int(),
  platforms: z.array(platformPreview),
  estimatedSeconds: z.number()
})
export type BulkPreview = z.infer<typeof bulkPreviewSchema>

export const bulkResultSchema = z.object({
  bulkId: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  queued: z.number().int(),
  localOnly: z.number().int()
})
export type BulkResult = z.infer<typeof bulkResultSchema>

export const bulkHistoryEntrySchema = z.object({
  id: z.number().int(),
  action: bulkActionSchema,
  /** What the edit did, in words ("Add tags: vip"). */
  summary: z.string(),
  changed: z.number().int(),
  createdAt: z.string(),
  undoneAt: z.string().nullable()
})
export type BulkHistoryEntry = z.infer<typeof bulkHistoryEntrySchema>

export const bulkUndoResultSchema = z.object({
  /** Leads back to their previous values. */
  restored: z.number().int(),
  /** Of those, edits not yet sent that were taken out of the outbox (nothing is sent for them). */
  cancelled: z.number().int(),
  /** Of those, reverse edits queued because the edit had already reached the platform. */
  reversed: z.number().int(),
  /** Leads changed since the bulk edit (here or on the platform), left as they are. */
  skipped: z.number().int(),
  /** A few of the skipped leads, to say which. */
  skippedLeads: z.array(z.object({ id: z.number().int(), name: z.string().nullable() })).max(20),
  /** Leads left with the edit's value because their platform cannot take the old one back (a cleared status). */
  kept: z.number().int()
})
export type BulkUndoResult = z.infer<typeof bulkUndoResultSchema>

export const bulkProgressSchema = z.object({
  jobId: z.string(),
  phase: z.enum(['selecting', 'writing', 'committing', 'done', 'cancelled', 'failed']),
  done: z.number().int(),
  total: z.number().int()
})
export type BulkProgress = z.infer<typeof bulkProgressSchema>

const jobId = z.string().regex(/^[\w-]{8,64}$/, 'a job id is 8 to 64 letters, digits, _ or -')
const request = { selection: bulkSelectionSchema, action: bulkActionSchema }

export const bulkMethods = {
  'bulk.preview': method(
    'What a bulk edit would change, per platform, before anything is written.',
    z.object(request).strict(),
    bulkPreviewSchema
  ),
  'bulk.apply': method(
    'Apply a bulk edit in one transaction (leads, outbox and history together); answers once it is committed. ' +
      'Progress comes as bulk.progress events under jobId; bulk.cancel stops it and leaves nothing behind.',
    z.object({ ...request, jobId }).strict(),
    bulkResultSchema
  ),
  'bulk.cancel': method(
    'Stop a bulk edit that is still being applied; nothing of it is kept.',
    z.object({ jobId }).strict(),
    z.object({ cancelled: z.boolean() })
  ),
  'bulk.history': method(
    'The recent bulk edits, newest first.',
    z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    z.array(bulkHistoryEntrySchema)
  ),
  'bulk.undo': method(
    'Put the leads of a bulk edit back: unsent edits are cancelled, sent ones reversed; leads changed since are ' +
      'left alone unless force is set.',
    z.object({ id: z.number().int().min(1), force: z.boolean().optional() }).strict(),
    bulkUndoResultSchema
  )
}
