import { ProviderError, type WritePatch } from '../connector'
import { CHATBOT_COM } from '../decisions'
import { fitNotes, readPhone, writePhone, writeTags } from './lead-attributes'
import { userSchema } from './schemas'

const LEAD = CHATBOT_COM.leadAttributes
const MAPPED_KEYS: ReadonlySet<string> = new Set(Object.values(LEAD))

export interface AttributeWrite {
  attributes: Record<string, string>
  /** Set when the write is not exactly the edit (notes cut, tags that will split): shown to the user. */
  warning: string | null
}

/**
 * A lead patch as ChatBot.com attributes. `raw` is the user as last synced: the phone attribute
 * holds the dial code and the number together, so changing one needs the other.
 */
export function patchToAttributes(patch: WritePatch, raw: unknown): AttributeWrite {
  const attributes: Record<string, string> = {}
  const warnings: string[] = []
  if (patch.name !== undefined) attributes.default_name = orCleared(patch.name)
  if (patch.email !== undefined) attributes.default_email = orCleared(patch.email)
  if (patch.status !== undefined) attributes[LEAD.status] = patch.status
  if (patch.agent !== undefined) attributes[LEAD.agent] = orCleared(patch.agent)
  if (patch.phone !== undefined || patch.phonePrefix !== undefined) {
    const current = readPhone(currentAttribute(raw, LEAD.phone))
    attributes[LEAD.phone] = writePhone(patch.phone ?? current.number, patch.phonePrefix ?? current.prefix)
  }
  if (patch.tags !== undefined) {
    const tags = fitTags(patch.tags)
    attributes[LEAD.tags] = tags.text
    if (tags.warning) warnings.push(tags.warning)
  }
  if (patch.notes !== undefined) {
    const notes = fitNotes(patch.notes)
    attributes[LEAD.notes] = notes.text
    if (notes.warning) warnings.push(notes.warning)
  }
  if (patch.attributes !== undefined) writeCustom(attributes, patch.attributes, raw)
  return { attributes, warning: warnings.length > 0 ? warnings.join(' ') : null }
}

/**
 * Custom attributes as ChatBot.com keys: each one set, and each custom key the lead had that the
 * edit leaves out set to the cleared placeholder (the API cannot delete an attribute; it is read back
 * as absent), so the platform ends up with the list the user sees. The app's own keys (default_*,
 * lead_*) are never written from here.
 */
function writeCustom(out: Record<string, string>, list: NonNullable<WritePatch['attributes']>, raw: unknown): void {
  const custom = (key: string): boolean => !key.startsWith('default_') && !MAPPED_KEYS.has(key)
  for (const { key, value } of list) if (custom(key)) out[key] = orCleared(value)
  const parsed = userSchema.safeParse(raw)
  const kept = new Set(list.map((a) => a.key))
  for (const key of Object.keys((parsed.success && parsed.data.attributes) || {})) {
    if (custom(key) && !kept.has(key)) out[key] = CHATBOT_COM.clearedValue
  }
}

/** What ChatBot.com would refuse with a 400, refused here before sending, with the reason. */
export function assertWritable(attributes: Record<string, string>): void {
  const keys = Object.keys(attributes)
  if (keys.length < 1 || keys.length > CHATBOT_COM.maxKeysPerCall) {
    throw new ProviderError(
      'bad-request',
      `ChatBot.com takes 1..${CHATBOT_COM.maxKeysPerCall} attributes per call, not ${keys.length}`
    )
  }
  for (const key of keys) {
    const value = attributes[key] ?? ''
    const max = key === 'default_name' ? CHATBOT_COM.nameMax : CHATBOT_COM.attributeValueMax
    if (!CHATBOT_COM.attributeKeyPattern.test(key)) {
      throw new ProviderError('bad-request', `ChatBot.com refuses the attribute name "${key.slice(0, 140)}"`)
    }
    if (value.length < 1 || value.length > max) {
      throw new ProviderError('bad-request', `ChatBot.com takes 1..${max} characters in ${key}, not ${value.length}`)
    }
  }
}

function orCleared(value: string | null): string {
  return value === null || value.trim() === '' ? CHATBOT_COM.clearedValue : value
}

function fitTags(tags: readonly string[]): { text: string; warning: string | null } {
  const warnings: string[] = []
  if (tags.some((tag) => tag.includes(','))) {
    warnings.push('ChatBot.com keeps tags comma-separated: a tag with a comma will read back as two.')
  }
  const kept = [...tags]
  while (kept.length > 1 && writeTags(kept).length > CHATBOT_COM.attributeValueMax) kept.pop()
  let text = writeTags(kept)
  if (text.length > CHATBOT_COM.attributeValueMax) text = text.slice(0, CHATBOT_COM.attributeValueMax)
  if (kept.length < tags.length || text !== writeTags(kept)) {
    warnings.push(
      `Tags were cut to fit ChatBot.com's ${CHATBOT_COM.attributeValueMax} characters: ${kept.length} of ${tags.length} kept.`
    )
  }
  return { text, warning: warnings.length > 0 ? warnings.join(' ') : null }
}

function currentAttribute(raw: unknown, key: string): string | null {
  const parsed = userSchema.safeParse(raw)
  return parsed.success ? (parsed.data.attributes?.[key] ?? null) : null
}
