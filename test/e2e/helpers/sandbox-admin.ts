import type { Connection } from '../../../src/shared/contract'
import type { LeadManagerServer } from '../fixtures'

/** The demo sandbox's admin API: the JSON it answers, or the text of a /snapshot. */
export async function admin(
  server: LeadManagerServer,
  token: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown
): Promise<unknown> {
  const { baseUrl } = await server.rpc('demo.status', {})
  if (!baseUrl) throw new Error('the demo sandbox is not running')
  const response = await fetch(`${baseUrl}/__admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (!response.ok) throw new Error(`sandbox admin ${method} ${path}: ${response.status} ${await response.text()}`)
  return path.startsWith('/snapshot') ? response.text() : response.json()
}

/** One express-chat record as the platform holds it now (both streams). */
export async function expressChatRecord(
  server: LeadManagerServer,
  token: string,
  connection: Connection,
  uuid: string
): Promise<Record<string, unknown> | undefined> {
  for (const type of ['lead', 'non-lead']) {
    const text = (await admin(
      server,
      token,
      'GET',
      `/snapshot?platform=express-chat&account=${connection.botId}&type=${type}`
    )) as string
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      const record = JSON.parse(line) as Record<string, unknown>
      if (record.uuid === uuid) return { ...record, type }
    }
  }
  return undefined
}

/** Changes a record on the platform itself, as someone in its web inbox would (PUT /inbox/direct/lead). */
export async function writeOnPlatform(
  server: LeadManagerServer,
  token: string,
  connection: Connection,
  body: Record<string, unknown>
): Promise<void> {
  const accounts = (await admin(server, token, 'GET', '/accounts')) as {
    expressChat: { baseUrl: string; botId: string; customerId: string; token: string }[]
  }
  const account = accounts.expressChat.find((a) => a.botId === connection.botId)
  if (!account) throw new Error(`no sandbox account for bot ${connection.botId}`)
  const response = await fetch(`${account.baseUrl}/inbox/direct/lead`, {
    method: 'PUT',
    headers: { 'x-bp-token': account.token, 'content-type': 'application/json' },
    body: JSON.stringify({ botId: account.botId, customerId: account.customerId, ...body })
  })
  if (!response.ok) throw new Error(`platform write: ${response.status} ${await response.text()}`)
}
