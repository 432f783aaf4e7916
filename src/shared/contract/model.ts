import { z } from 'zod'
import { LEAD_LIMITS, formatBytes, isoDate, longText, shortText, text, utf8Bytes } from './primitives'

export const PLATFORMS = ['express-chat', 'chatbot-com', 'chatzuri'] as const
export const platformSchema = z.enum(PLATFORMS)
export type Platform = z.infer<typeof platformSchema>

export const EXPRESS_CHAT_BRANDS = ['reekolect', 'botbuddy', 'convertalk', 'botpenguin'] as const
export const brandSchema = z.enum(EXPRESS_CHAT_BRANDS)
export type Brand = z.infer<typeof brandSchema>

export const BRAND_LABELS: Record<Brand, string> = {
  reekolect: 'Reekolect',
  botbuddy: 'BotBuddy AI',
  convertalk: 'Convertalk',
  botpenguin: 'BotPenguin'
}
export const PLATFORM_LABELS: Record<Platform, string> = {
  'express-chat': 'express-chat',
  'chatbot-com': 'ChatBot.com',
  chatzuri: 'Chatzuri'
}

// express-chat's statuses, spelled as the platform spells them (DEPENDANCY sic).
export const LEAD_STATUSES = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED'] as const
export const leadStatusSchema = z.enum(LEAD_STATUSES)
export type LeadStatus = z.infer<typeof leadStatusSchema>

export const noteSchema = z.object({ title: text, description: longText })
export type Note = z.infer<typeof noteSchema>
export const attributeSchema = z.object({ key: shortText, value: text })
export type Attribute = z.infer<typeof attributeSchema>

export const connectionStateSchema = z.enum(['idle', 'syncing', 'ok', 'error', 'needs-token', 'offline'])
export type ConnectionState = z.infer<typeof connectionStateSchema>

export const connectionSchema = z.object({
  id: z.string(),
  platform: platformSchema,
  brand: brandSchema.nullable(),
  name: z.string(),
  baseUrl: z.string(),
  botId: z.string().nullable(),
  customerId: z.string().nullable(),
  agentId: z.string().nullable(),
  isDemo: z.boolean(),
  /** Removed by the user, token deleted, cached data kept. */
  archived: z.boolean(),
  readOnly: z.boolean(),
  state: connectionStateSchema,
  stateMessage: z.string().nullable(),
  lastSyncedAt: isoDate.nullable(),
  leadCount: z.number().int(),
  createdAt: isoDate
})
export type Connection = z.infer<typeof connectionSchema>

export const leadKindSchema = z.enum(['lead', 'chat'])

/** One normalized row of the lead table, as the UI sees it. */
export const leadSchema = z.object({
  id: z.number().int(),
  connectionId: z.string(),
  remoteId: z.string(),
  kind: leadKindSchema,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phonePrefix: z.string().nullable(),
  status: z.string().nullable(),
  agent: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.array(noteSchema),
  attributes: z.array(attributeSchema),
  lastMessageText: z.string().nullable(),
  lastMessageAt: isoDate.nullable(),
  createdAt: isoDate.nullable(),
  updatedAt: isoDate.nullable(),
  pendingEdits: z.number().int(),
  localOnly: z.boolean()
})
export type Lead = z.infer<typeof leadSchema>

/** A lead's whole list of notes, as an edit sets it: each note within its own limit, and all of them within the lead's. */
export const leadNotesSchema = z
  .array(noteSchema)
  .max(LEAD_LIMITS.notes, `a lead holds at most ${LEAD_LIMITS.notes} notes`)
  .refine(
    (notes) =>
      notes.reduce((sum, n) => sum + utf8Bytes(n.title) + utf8Bytes(n.description), 0) <= LEAD_LIMITS.notesBytes,
    `the notes of one lead may hold at most ${formatBytes(LEAD_LIMITS.notesBytes)} of text in all`
  )
export const leadTagsSchema = z
  .array(shortText)
  .max(LEAD_LIMITS.tags, `a lead holds at most ${LEAD_LIMITS.tags} tags`)
  .refine(
    (tags) => tags.reduce((sum, tag) => sum + utf8Bytes(tag), 0) <= LEAD_LIMITS.tagsBytes,
    `the tags of one lead may hold at most ${formatBytes(LEAD_LIMITS.tagsBytes)} of text in all`
  )
/** The fields a salesperson may edit; every one optional, an absent one is left unchanged. */
export const leadPatchSchema = z
  .object({
    status: leadStatusSchema,
    tags: leadTagsSchema,
    notes: leadNotesSchema,
    agent: shortText.nullable(),
    name: shortText,
    email: shortText,
    phone: shortText,
    phonePrefix: z.string().max(8),
    attributes: z
      .array(attributeSchema)
      .max(LEAD_LIMITS.attributes, `a lead holds at most ${LEAD_LIMITS.attributes} attributes`)
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'the patch changes nothing')
export type LeadPatch = z.infer<typeof leadPatchSchema>
export const LEAD_PATCH_FIELDS = [
  'status',
  'tags',
  'notes',
  'agent',
  'name',
  'email',
  'phone',
  'phonePrefix',
  'attributes'
] as const
export type LeadPatchField = (typeof LEAD_PATCH_FIELDS)[number]

export const syncProgressSchema = z.object({
  connectionId: z.string(),
  phase: z.enum(['starting', 'pulling', 'pushing', 'done', 'cancelled', 'failed']),
  pages: z.number().int(),
  records: z.number().int(),
  ratePerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string().nullable()
})
export type SyncProgress = z.infer<typeof syncProgressSchema>
