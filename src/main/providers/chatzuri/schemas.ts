import { z } from 'zod'
import { maybeString, maybeText, withRaw } from '../schema-helpers'

export const chatzuriLeadSchema = z.object({
  // Documented as a number; a numeric string is the same lead.
  id: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  created_at: maybeString,
  chatbot_owner_user_id: maybeText,
  chatbot_id: maybeText,
  phone: maybeText,
  email: maybeString,
  name: maybeString
})
export type ChatzuriLead = z.infer<typeof chatzuriLeadSchema>

export const leadListSchema = z.object({ data: z.array(withRaw(chatzuriLeadSchema)) })
