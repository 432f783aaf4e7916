import { z } from 'zod'
import { LEAD_PATCH_FIELDS, type LeadPatchField } from '../../shared/contract'
import { outboxConflictSchema } from '../../shared/contract/leads'

/*
 * The JSON the leads and outbox tables hold, checked for its shape as it is read back. Only the
 * shape: the limits were checked on the way in, and what a platform sent is kept whole.
 */
export const storedTags = z.array(z.string())
export const storedNotes = z.array(z.looseObject({ title: z.string(), description: z.string() }))
export const storedAttributes = z.array(z.looseObject({ key: z.string(), value: z.string() }))
/** An outbox edit's patch or base: a value per edited field. */
export const storedPatch = z.partialRecord(z.enum(LEAD_PATCH_FIELDS), z.unknown())
export const storedConflicts = z.array(outboxConflictSchema)

export function readJson<S extends z.ZodType>(schema: S, json: string): z.output<S> {
  return schema.parse(JSON.parse(json))
}

const PATCH_FIELDS: ReadonlySet<string> = new Set(LEAD_PATCH_FIELDS)

export function isLeadPatchField(key: string): key is LeadPatchField {
  return PATCH_FIELDS.has(key)
}
