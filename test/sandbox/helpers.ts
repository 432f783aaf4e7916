import type { RunningSandbox } from '../../src/main/sandbox'
import type { ExpressChatAccount } from '../../src/main/sandbox'

export interface Reply {
  status: number
  headers: Headers
  body: unknown
}

/** fetch + JSON, keeping the status; rejects on broken JSON or a cut-off body. */
export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) }
}

export function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  }
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

export function xcListUrl(account: ExpressChatAccount, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams()
  const all = { botId: account.botId, customerId: account.customerId, ...params }
  for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, String(value))
  return `${account.baseUrl}/inbox/direct/chats?${query}`
}

/** One express-chat page as `Chat[]` (asserting a 200). */
export async function xcPage(
  account: ExpressChatAccount,
  page: number,
  type: 'lead' | 'non-lead' = 'lead'
): Promise<XcChat[]> {
  const reply = await call(xcListUrl(account, { page, type }), { headers: { 'x-bot-token': account.token } })
  if (reply.status !== 200) throw new Error(`page ${page}: ${reply.status} ${JSON.stringify(reply.body)}`)
  return (reply.body as { data: XcChat[] }).data
}

/** Every page until the first empty one. */
export async function xcAll(account: ExpressChatAccount, type: 'lead' | 'non-lead' = 'lead'): Promise<XcChat[]> {
  const all: XcChat[] = []
  for (let page = 1; ; page++) {
    const data = await xcPage(account, page, type)
    if (data.length === 0) return all
    all.push(...data)
  }
}

export function xcWrite(
  account: ExpressChatAccount,
  body: Record<string, unknown>,
  token = account.token
): Promise<Reply> {
  return call(
    `${account.baseUrl}/inbox/direct/lead`,
    json('PUT', { botId: account.botId, customerId: account.customerId, ...body }, { 'x-bp-token': token })
  )
}

export interface XcChat {
  _id: string
  uuid: string
  updatedAt: string
  status?: string | null
  _agentAssigned?: string | null
  profile?: {
    notes?: { _id: string; title: string; description: string }[] | null
    userDetails?: {
      name?: string | null
      tags?: string[] | null
      attributes?: { key: string; value: string }[] | null
      contact?: { email?: string | null; phone?: { number?: string | null; prefix?: string | null } | null } | null
    } | null
  } | null
}

export function count(iterable: Iterable<unknown>): number {
  let n = 0
  for (const _ of iterable) n++
  return n
}

export function adminCall(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body?: unknown,
  token = sandbox.adminToken
): Promise<Reply> {
  return call(
    `${sandbox.adminUrl}${path}`,
    body === undefined ? { method, headers: bearer(token) } : json(method, body, bearer(token))
  )
}

/** ChatBot.com dates come in two forms; both read as the same instant. */
export function cbTime(text: string): number {
  return Date.parse(text.replace(' ', 'T'))
}
