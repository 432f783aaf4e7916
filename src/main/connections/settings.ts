import type { Brand, Connection, Platform } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import { parseExpressChatIds } from '../../shared/express-chat-ids'
import { CHATBOT_COM, CHATZURI, EXPRESS_CHAT } from '../providers'
import type { ConnectionRecord } from './store'

const DEFAULT_BASE_URL: Record<Platform, string> = {
  'express-chat': EXPRESS_CHAT.defaultBaseUrl,
  'chatbot-com': CHATBOT_COM.defaultBaseUrl,
  chatzuri: CHATZURI.defaultBaseUrl
}

export interface ConnectionFields {
  platform: Platform
  name: string
  brand?: Brand | null
  baseUrl?: string | null
  botId?: string | null
  customerId?: string | null
  pasted?: string | null
  agentId?: string | null
}

/** Turns what the user typed (or pasted) into a complete connection record, or says what is missing. */
export function resolveConnection(id: string, fields: ConnectionFields, isDemo = false): ConnectionRecord {
  const baseUrl = (fields.baseUrl ?? DEFAULT_BASE_URL[fields.platform]).replace(/\/+$/, '')
  if (fields.platform === 'express-chat') {
    let { botId, customerId } = fields
    if (fields.pasted && fields.pasted.trim()) {
      const ids = parseExpressChatIds(fields.pasted)
      if (!ids) {
        throw new AppError(
          'INVALID_INPUT',
          'Could not find a bot id and customer id in what was pasted: paste the bot page URL ' +
            '(https://page.<brand>/BotId/CustomerId) or the widget script (<script …>BotId,CustomerId</script>).'
        )
      }
      botId = ids.botId
      customerId = ids.customerId
    }
    if (!botId || !customerId) {
      throw new AppError(
        'INVALID_INPUT',
        'An express-chat connection needs the bot id and the customer id (or the bot page URL / widget script).'
      )
    }
    return {
      id,
      platform: 'express-chat',
      brand: fields.brand ?? 'reekolect',
      name: fields.name,
      baseUrl,
      botId,
      customerId,
      agentId: null,
      isDemo
    }
  }
  if (fields.platform === 'chatzuri') {
    if (!fields.agentId) throw new AppError('INVALID_INPUT', 'A Chatzuri connection needs the agent id.')
    return {
      id,
      platform: 'chatzuri',
      brand: null,
      name: fields.name,
      baseUrl,
      botId: null,
      customerId: null,
      agentId: fields.agentId,
      isDemo
    }
  }
  return {
    id,
    platform: 'chatbot-com',
    brand: null,
    name: fields.name,
    baseUrl,
    botId: null,
    customerId: null,
    agentId: null,
    isDemo
  }
}

export function recordOf(connection: Connection): ConnectionRecord {
  return {
    id: connection.id,
    platform: connection.platform,
    brand: connection.brand,
    name: connection.name,
    baseUrl: connection.baseUrl,
    botId: connection.botId,
    customerId: connection.customerId,
    agentId: connection.agentId,
    isDemo: connection.isDemo
  }
}
