import { expect, type LeadManagerServer } from '../fixtures'
import type { Connection } from '../../../src/shared/contract'
import { admin } from './sandbox-admin'

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
export function sandboxAdmin(
  server: LeadManagerServer,
  adminToken: string,
  path: string,
  body?: unknown
): Promise<unknown> {
  return admin(server, adminToken, body === undefined ? 'GET' : 'POST', path, body)
}
