import type { NormalizedLead } from '../connector'
import { toIsoUtc } from '../dates'
import { blankLead } from '../lead-fields'
import type { WithRaw } from '../schema-helpers'
import type { ChatzuriLead } from './schemas'

/** Chatzuri leads are name, email and phone captured once; they have no updatedAt. */
export function mapLead({ value: lead, raw }: WithRaw<ChatzuriLead>): NormalizedLead {
  return {
    ...blankLead(String(lead.id), 'lead', raw),
    name: lead.name ?? null,
    email: lead.email ?? null,
    phone: lead.phone ?? null,
    createdAt: toIsoUtc(lead.created_at)
  }
}
