import type { Connection } from '../../src/shared/contract'
import type { RunningSandbox } from '../../src/main/sandbox'
import type { NormalizedLead } from '../../src/main/providers/connector'
import { mapUser } from '../../src/main/providers/chatbot-com/mapping'
import { userSchema } from '../../src/main/providers/chatbot-com/schemas'
import { mapChat } from '../../src/main/providers/express-chat/mapping'
import { chatSchema } from '../../src/main/providers/express-chat/schemas'
import { withRaw } from '../../src/main/providers/schema-helpers'
import { sandboxRecords } from './workspace'

/**
 * What the platform itself holds for one lead, read from the sandbox's own store and read the way a
 * sync reads it (status, tags and notes live in different places on each platform).
 */
export function platformLead(sandbox: RunningSandbox, connection: Connection, remoteId: string): NormalizedLead {
  const record = sandboxRecords(sandbox, connection).get(remoteId)
  if (!record) throw new Error(`the sandbox has no record ${remoteId} for ${connection.name}`)
  if (connection.platform === 'express-chat') {
    return mapChat(withRaw(chatSchema).parse(record.raw), record.kind === 'lead' ? 'lead' : 'non-lead')
  }
  if (connection.platform === 'chatbot-com') return mapUser(withRaw(userSchema).parse(record.raw))
  throw new Error('Chatzuri is read-only: nothing is ever written to it')
}

/** Every record of a connection on the platform, mapped, by remote id (one pass, for many leads). */
export function platformLeads(sandbox: RunningSandbox, connection: Connection): Map<string, NormalizedLead> {
  const out = new Map<string, NormalizedLead>()
  for (const [remoteId, record] of sandboxRecords(sandbox, connection)) {
    if (connection.platform === 'express-chat') {
      out.set(remoteId, mapChat(withRaw(chatSchema).parse(record.raw), record.kind === 'lead' ? 'lead' : 'non-lead'))
    } else if (connection.platform === 'chatbot-com') {
      out.set(remoteId, mapUser(withRaw(userSchema).parse(record.raw)))
    }
  }
  return out
}
