import { z } from 'zod'
import { method } from './define'
import { outboxEntrySchema } from './leads'
import { isoDate } from './primitives'
import { tableRowSchema } from './table'

/** One conversation a platform lists for a lead (ChatBot.com's user details). */
export const conversationSchema = z.object({
  id: z.string(),
  startedAt: isoDate.nullable(),
  firstMessage: z.string().nullable()
})
export type Conversation = z.infer<typeof conversationSchema>

/** Everything the detail panel shows of one lead, beyond its table row. */
export const leadDetailSchema = tableRowSchema.extend({
  /** An http(s) address only; anything else (javascript:, data:, a bare word) is dropped in main. */
  picture: z.string().nullable(),
  gender: z.string().nullable(),
  connectionName: z.string(),
  /** The platform takes no edits (Chatzuri): edits stay in this app, marked local. */
  readOnly: z.boolean(),
  /** The lead on its platform's web inbox, where the platform has one (always http(s)). */
  inboxUrl: z.string().nullable(),
  /** How many conversations the platform counts for the lead, where it counts them. */
  conversationCount: z.number().int().nullable(),
  /** The lead's edits not yet delivered (waiting, failed, in conflict, local only), oldest first. */
  edits: z.array(outboxEntrySchema)
})
export type LeadDetail = z.infer<typeof leadDetailSchema>

const byId = z.object({ id: z.number().int().min(1) }).strict()

export const detailMethods = {
  'leads.detail': method('One lead as the detail panel shows it, with its undelivered edits.', byId, leadDetailSchema),
  'leads.conversations': method(
    "The conversations the lead's platform lists for it (ChatBot.com user details), asked of the platform now; " +
      'when it cannot be reached, the list last read, with when (savedAt) and why (unreachable).',
    byId,
    z.object({
      listed: z.boolean(),
      conversations: z.array(conversationSchema),
      savedAt: isoDate.nullable(),
      unreachable: z.string().nullable()
    })
  )
}
