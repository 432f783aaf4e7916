import { z } from 'zod'
import { method } from './define'
import {
  LEAD_PATCH_FIELDS,
  leadKindSchema,
  leadNotesSchema,
  leadPatchSchema,
  leadSchema,
  leadStatusSchema
} from './model'
import { LIMITS, formatBytes, searchText, shortText, utf8Bytes } from './primitives'

/** The old list call (offset paging), kept for the callers that page a connection's leads in tests. */
export const leadListSchema = z
  .object({
    connectionId: shortText.optional(),
    kind: leadKindSchema.optional(),
    status: leadStatusSchema.optional(),
    tag: shortText.optional(),
    search: searchText.optional(),
    offset: z.number().int().min(0).max(100_000_000).optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).optional()
  })
  .strict()
export type LeadListQuery = z.infer<typeof leadListSchema>

const fieldValue = z.unknown()
export const OUTBOX_STATES = [
  'pending',
  'sending',
  'delivered',
  'conflict',
  'local-only',
  'failed',
  'superseded',
  'discarded'
] as const
/** Per field, the value the user set, the value they edited from, and the remote one now. */
export const outboxConflictSchema = z.object({
  field: z.enum(LEAD_PATCH_FIELDS),
  local: fieldValue,
  base: fieldValue,
  remote: fieldValue
})
export const outboxEntrySchema = z.object({
  id: z.number().int(),
  leadId: z.number().int(),
  /** The lead's name (else email, else phone), to say which lead an edit is for. */
  leadName: z.string().nullable(),
  connectionId: z.string(),
  state: z.enum(OUTBOX_STATES),
  patch: z.record(z.string(), fieldValue),
  /** Every request made to send it, retries included. */
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** When a waiting edit is tried again by itself (null: at the next push). */
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  /** For a conflict: per field, the value the user set, the value they edited from, and the remote one now. */
  conflicts: z.array(outboxConflictSchema).nullable()
})
export type OutboxEntry = z.infer<typeof outboxEntrySchema>

const outboxIds = z.object({ ids: z.array(z.number().int().min(1)).min(1).max(LIMITS.bulkIds) }).strict()

export const leadMethods = {
  'leads.list': method(
    'A page of leads matching a query, with the total count. A page of very large leads may hold fewer rows ' +
      'than asked (the reply stays under LIMITS.replyBytes): the next page starts at offset + rows.length.',
    leadListSchema,
    z.object({ rows: z.array(leadSchema), total: z.number().int() })
  ),
  'leads.get': method('One lead.', z.object({ id: z.number().int().min(1) }).strict(), leadSchema),
  'leads.update': method(
    'Apply one patch to many leads; acknowledged once it is committed locally and queued for the platform.',
    z
      .object({ ids: z.array(z.number().int().min(1)).min(1).max(LIMITS.bulkIds), patch: leadPatchSchema })
      .strict()
      .superRefine(({ ids, patch }, ctx) => {
        const perLead = utf8Bytes(JSON.stringify(patch))
        const total = perLead * ids.length
        if (total > LIMITS.bulkWriteBytes) {
          ctx.addIssue({
            code: 'custom',
            path: ['ids'],
            message:
              `this edit would write ${formatBytes(total)} (${ids.length} leads × ${formatBytes(perLead)}); one edit ` +
              `may write at most ${formatBytes(LIMITS.bulkWriteBytes)}: edit fewer leads at once, or shorten the notes and tags`
          })
        }
      }),
    z.object({ updated: z.number().int(), queued: z.number().int(), localOnly: z.number().int() })
  ),
  'leads.promote': method(
    'Turn a non-lead chat into a lead with the details the user typed.',
    z
      .object({
        id: z.number().int().min(1),
        name: shortText.min(1),
        email: shortText.optional(),
        phone: shortText.optional(),
        phonePrefix: z.string().max(8).optional(),
        notes: leadNotesSchema.optional()
      })
      .strict(),
    leadSchema
  ),
  'outbox.list': method(
    'Local edits not yet delivered, including conflicts.',
    z.object({ connectionId: shortText.optional() }).strict(),
    z.array(outboxEntrySchema)
  ),
  'outbox.resolve': method(
    'Settle a conflict field by field: keep mine (push it again) or take theirs (drop my value).',
    z
      .object({
        id: z.number().int().min(1),
        choices: z.partialRecord(z.enum(LEAD_PATCH_FIELDS), z.enum(['mine', 'theirs']))
      })
      .strict(),
    z.object({ ok: z.literal(true) })
  ),
  'outbox.retry': method('Send waiting or failed edits again now.', outboxIds, z.object({ retried: z.number().int() })),
  'outbox.discard': method(
    "Drop edits that were not delivered; their leads show the platform's values again.",
    outboxIds,
    z.object({ discarded: z.number().int() })
  )
}
