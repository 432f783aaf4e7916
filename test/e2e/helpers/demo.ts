import { expect, type LeadManagerServer } from '../fixtures'
import type { Connection } from '../../../src/shared/contract'

/** Starts the demo workspace over the API; resolves with its connections once each has synced. */
export async function startDemo(server: LeadManagerServer): Promise<Connection[]> {
  const { connections } = await server.rpc('demo.start', {})
  const ids = new Set(connections.map((c) => c.id))
  const demo = async (): Promise<Connection[]> =>
    (await server.rpc('connections.list', {})).filter((c) => ids.has(c.id))
  await expect.poll(async () => (await demo()).every((c) => c.state === 'ok'), { timeout: 60_000 }).toBe(true)
  return demo()
}

/** Calls the demo sandbox's admin API (its token comes from SANDBOX_ADMIN_TOKEN given to browser mode). */
export async function sandboxAdmin(
  server: LeadManagerServer,
  adminToken: string,
  path: string,
  body?: unknown
): Promise<unknown> {
  const { baseUrl } = await server.rpc('demo.status', {})
  if (!baseUrl) throw new Error('the demo sandbox is not running')
  const response = await fetch(`${baseUrl}/__admin${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const reply = (await response.json()) as unknown
  if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${JSON.stringify(reply)}`)
  return reply
}
