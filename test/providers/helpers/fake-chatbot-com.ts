import { sendJson, startLocalServer, type LocalServer } from './local-server'

export interface FakeUser {
  id: string
  createdAt: string
  attributes: Record<string, string | null>
}

export const CHATBOT_TOKEN = 'fake-chatbot-token'

/** ChatBot.com's /users with keyset paging (createdAt ascending, `after` = last id), PUT and POST. */
export async function startFakeChatbotCom(initial: number): Promise<{
  server: LocalServer
  users: FakeUser[]
  add(): FakeUser
  onList: (() => void) | null
}> {
  const users: FakeUser[] = []
  let sequence = 0
  const add = (): FakeUser => {
    sequence++
    const created = new Date(Date.parse('2023-01-01T00:00:00.000Z') + sequence * 60_000).toISOString()
    const user: FakeUser = {
      id: sequence.toString(16).padStart(24, 'a'),
      // Both documented forms, alternating.
      createdAt: sequence % 2 ? created.replace('T', ' ') : created,
      attributes: { default_name: `User ${sequence}`, default_email: `user${sequence}@example.com` }
    }
    users.push(user)
    return user
  }
  for (let n = 0; n < initial; n++) add()
  const fake = { server: undefined as unknown as LocalServer, users, add, onList: null as (() => void) | null }
  fake.server = await startLocalServer((req, res) => {
    const error = (status: number, message: string) =>
      sendJson(res, status, { timestamp: new Date().toISOString(), status: { code: status, type: 'error', message } })
    if (req.headers.authorization !== `Bearer ${CHATBOT_TOKEN}`) return error(401, 'Invalid access token')
    const path = req.parsedUrl.pathname
    if (req.method === 'GET' && path === '/users') {
      fake.onList?.()
      const query = req.parsedUrl.searchParams
      if (query.get('sort[field]') !== 'createdAt' || query.get('sort[order]') !== 'asc')
        return error(400, 'unexpected sort')
      const limit = Number(query.get('limit'))
      if (!(limit >= 1 && limit <= 40)) return error(400, 'limit must be 1..40')
      const after = query.get('after')
      const start = after === null ? 0 : users.findIndex((user) => user.id === after) + 1
      if (after !== null && start === 0) return error(400, 'unknown after')
      const data = users
        .slice(start, start + limit)
        .map((user) => ({ ...user, userId: `u-${user.id}`, banned: false, conversations: 0, lastSeen: user.createdAt }))
      return sendJson(res, 200, { data, count: data.length })
    }
    const match = /^\/users\/([^/]+)$/.exec(path)
    if (req.method === 'PUT' && match) {
      const user = users.find((candidate) => candidate.id === match[1])
      if (!user) return error(404, 'User not found')
      const { attributes } = JSON.parse(req.body) as { attributes: Record<string, unknown> }
      for (const [key, value] of Object.entries(attributes)) {
        if (typeof value !== 'string' || value.length < 1 || value.length > 1024)
          return error(400, `bad value for ${key}`)
      }
      Object.assign(user.attributes, attributes)
      return sendJson(res, 200, { timestamp: new Date().toISOString(), status: { code: 200, type: 'success' } })
    }
    if (req.method === 'POST' && path === '/users') {
      const body = JSON.parse(req.body) as { userId?: string; attributes: Record<string, string> }
      const user = add()
      user.attributes = body.attributes
      return sendJson(res, 200, [
        { id: user.id, timestamp: new Date().toISOString(), status: { code: 200, type: 'success' } }
      ])
    }
    return error(404, 'no route')
  })
  return fake
}
