import type { LocalLead, WritePatch } from '../connector'
import { writeBody, type ChatAddress } from './write-body'

const AGENT_ID = /^[0-9a-f]{24}$/i

/**
 * The PUT /inbox/direct/lead body that creates a local lead under its uuid: the same upsert as an
 * edit, with every field the lead has. Empty fields are left out (a create has nothing to clear);
 * an agent that is a name, not express-chat's 24-hex agent id, stays local.
 */
export function createBody(address: ChatAddress, lead: LocalLead): { body: Record<string, unknown>; warning?: string } {
  const patch: WritePatch = {}
  if (lead.name) patch.name = lead.name
  if (lead.email) patch.email = lead.email
  if (lead.phone) patch.phone = lead.phone
  if (lead.phone && lead.phonePrefix) patch.phonePrefix = lead.phonePrefix
  // express-chat refuses statuses it does not know; a verbatim import may carry one.
  if (lead.status) patch.status = lead.status
  if (lead.tags.length > 0) patch.tags = lead.tags
  if (lead.notes.length > 0) patch.notes = lead.notes
  const agentIsId = lead.agent !== null && AGENT_ID.test(lead.agent)
  if (agentIsId) patch.agent = lead.agent
  const body = writeBody(address, patch)
  if (lead.attributes.length > 0) body.attributes = lead.attributes.map(({ key, value }) => ({ key, value }))
  return lead.agent && !agentIsId
    ? {
        body,
        warning: `The agent "${lead.agent.slice(0, 60)}" is not an express-chat agent id: it stays in Lead Manager only.`
      }
    : { body }
}
