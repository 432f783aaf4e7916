import type { WritePatch } from '../connector'
import { EXPRESS_CHAT } from '../decisions'

export interface ChatAddress {
  uuid: string
  botId: string
  customerId: string
}

/**
 * The PUT /inbox/direct/lead body for a patch: only the patched fields, since the platform leaves
 * absent fields unchanged; notes, tags and attributes replace the stored lists, so they are sent whole.
 */
export function writeBody(address: ChatAddress, patch: WritePatch): Record<string, unknown> {
  const body: Record<string, unknown> = { ...address }
  if (patch.status !== undefined) body.status = patch.status
  if (patch.name !== undefined) body.name = orCleared(patch.name)
  if (patch.email !== undefined) body.email = orCleared(patch.email)
  if (patch.phone !== undefined) body.phone = orCleared(patch.phone)
  if (patch.phonePrefix !== undefined) body.dialCode = dialCode(patch.phonePrefix)
  if (patch.agent !== undefined) body.agentId = orCleared(patch.agent)
  if (patch.notes !== undefined) body.notes = patch.notes.map(({ title, description }) => ({ title, description }))
  if (patch.tags !== undefined) body.tags = [...patch.tags]
  if (patch.attributes !== undefined) body.attributes = patch.attributes.map(({ key, value }) => ({ key, value }))
  return body
}

function orCleared(value: string | null): string | null {
  return value === null || value.trim() === '' ? EXPRESS_CHAT.clearedValue : value
}

/** The list returns the prefix without '+' ("91"); writes send it with ("+91"). */
function dialCode(prefix: string): string | null {
  const digits = prefix.trim().replace(/^\++/, '')
  if (digits === '') return EXPRESS_CHAT.clearedValue
  return EXPRESS_CHAT.dialCodeWithPlus ? `+${digits}` : digits
}
