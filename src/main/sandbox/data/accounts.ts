import type { Brand } from '../../../shared/contract/model'
import { Rng, hash32 } from '../random'

/**
 * Which accounts a seed produces and how `--leads` / `--chats` are split between them:
 * ChatBot.com gets 20 % of the leads, Chatzuri 10 %, express-chat the rest, spread evenly over one
 * bot per brand (earlier bots take the remainder). `--chats` (non-lead chats) are express-chat only.
 */
export const EXPRESS_CHAT_SANDBOX_BRANDS: readonly Brand[] = ['reekolect', 'botbuddy', 'convertalk']
const CHATBOT_COM_SHARE = 0.2
const CHATZURI_SHARE = 0.1

export interface ExpressChatBotLayout {
  ordinal: number
  brand: Brand
  botId: string
  customerId: string
  token: string
  leads: number
  chats: number
}

export interface ChatbotComLayout {
  ordinal: number
  token: string
  users: number
}

export interface ChatzuriLayout {
  ordinal: number
  agentId: string
  ownerId: string
  token: string
  leads: number
}

export interface Layout {
  expressChat: ExpressChatBotLayout[]
  chatbotCom: ChatbotComLayout[]
  chatzuri: ChatzuriLayout[]
}

export interface ExpressChatAccount {
  brand: Brand
  baseUrl: string
  botId: string
  customerId: string
  token: string
}

export interface ChatbotComAccount {
  baseUrl: string
  token: string
}

export interface ChatzuriAccount {
  baseUrl: string
  agentId: string
  token: string
}

export interface SandboxAccounts {
  expressChat: ExpressChatAccount[]
  chatbotCom: ChatbotComAccount[]
  chatzuri: ChatzuriAccount[]
}

export const PLATFORM_PATHS = {
  'express-chat': '/express-chat',
  'chatbot-com': '/chatbot-com',
  chatzuri: '/chatzuri'
} as const

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function layout(seed: number, leads: number, chats: number): Layout {
  const chatbotComLeads = Math.floor(leads * CHATBOT_COM_SHARE)
  const chatzuriLeads = Math.floor(leads * CHATZURI_SHARE)
  const expressLeads = split(leads - chatbotComLeads - chatzuriLeads, EXPRESS_CHAT_SANDBOX_BRANDS.length)
  const expressChats = split(chats, EXPRESS_CHAT_SANDBOX_BRANDS.length)
  const rng = new Rng(hash32(seed, 0xacc0))
  return {
    expressChat: EXPRESS_CHAT_SANDBOX_BRANDS.map((brand, ordinal) => ({
      ordinal,
      brand,
      botId: rng.hex(24),
      customerId: rng.hex(24),
      token: rng.hex(40),
      leads: expressLeads[ordinal] ?? 0,
      chats: expressChats[ordinal] ?? 0
    })),
    chatbotCom: [{ ordinal: 0, token: alnum(rng, 32), users: chatbotComLeads }],
    chatzuri: [{ ordinal: 0, agentId: alnum(rng, 21), ownerId: uuid(rng), token: uuid(rng), leads: chatzuriLeads }]
  }
}

export function accountsFor(layout: Layout, url: string): SandboxAccounts {
  return {
    expressChat: layout.expressChat.map(({ brand, botId, customerId, token }) => ({
      brand,
      baseUrl: url + PLATFORM_PATHS['express-chat'],
      botId,
      customerId,
      token
    })),
    chatbotCom: layout.chatbotCom.map(({ token }) => ({ baseUrl: url + PLATFORM_PATHS['chatbot-com'], token })),
    chatzuri: layout.chatzuri.map(({ agentId, token }) => ({ baseUrl: url + PLATFORM_PATHS.chatzuri, agentId, token }))
  }
}

function split(total: number, parts: number): number[] {
  const share = Math.floor(total / parts)
  return Array.from({ length: parts }, (_, i) => share + (i < total % parts ? 1 : 0))
}

function alnum(rng: Rng, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += rng.pick(ALNUM.split(''))
  return out
}

function uuid(rng: Rng): string {
  const h = rng.hex(32)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}
