import type { LocalLead, WritePatch } from '../connector'
import { CHATBOT_COM } from '../decisions'
import { patchToAttributes } from './write-attributes'

const RESERVED = new Set<string>([...Object.values(CHATBOT_COM.leadAttributes)])

/** An attribute name as ChatBot.com takes it: letters, digits, _ and -, at most 128. */
function attributeKey(key: string): string {
  return key
    .trim()
    .replace(/[^\w-]+/g, '_')
    .slice(0, 128)
}

/**
 * The attributes of POST /users for a local lead: the lead fields as the connector writes them
 * (status, tags, notes, agent and phone in their lead_* attributes), city and country in their
 * default_* ones, then the lead's own attributes while the 99-key limit allows.
 */
export function createAttributes(lead: LocalLead): { attributes: Record<string, string>; warning: string | null } {
  const patch: WritePatch = {}
  if (lead.name) patch.name = lead.name.slice(0, CHATBOT_COM.nameMax)
  if (lead.email) patch.email = lead.email
  if (lead.phone) patch.phone = lead.phone
  if (lead.phone && lead.phonePrefix) patch.phonePrefix = lead.phonePrefix
  // ChatBot.com keeps the status as free text in lead_status.
  if (lead.status) patch.status = lead.status
  if (lead.agent) patch.agent = lead.agent
  if (lead.tags.length > 0) patch.tags = lead.tags
  if (lead.notes.length > 0) patch.notes = lead.notes
  const { attributes, warning } = patchToAttributes(patch, null)
  const warnings = warning ? [warning] : []
  if (lead.city) attributes.default_city = lead.city.slice(0, CHATBOT_COM.attributeValueMax)
  if (lead.country) attributes.default_country = lead.country.slice(0, CHATBOT_COM.attributeValueMax)
  let dropped = 0
  for (const { key, value } of lead.attributes) {
    const name = attributeKey(key)
    if (name === '' || value === '' || name.startsWith('default_') || RESERVED.has(name) || name in attributes) {
      dropped++
      continue
    }
    if (Object.keys(attributes).length >= CHATBOT_COM.maxKeysPerCall) {
      dropped++
      continue
    }
    attributes[name] = value.slice(0, CHATBOT_COM.attributeValueMax)
  }
  if (dropped > 0) warnings.push(`${dropped} attribute(s) ChatBot.com cannot take were kept in Lead Manager only.`)
  return { attributes, warning: warnings.length > 0 ? warnings.join(' ') : null }
}
