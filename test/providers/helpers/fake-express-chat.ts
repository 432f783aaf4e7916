import { sendJson, startLocalServer, type LocalServer } from './local-server'

export interface FakeChat {
  uuid: string
  _id: string
  type: 'lead' | 'non-lead'
  updatedAt: number
  name: string
}

export interface FakeExpressChat {
  server: LocalServer
  chats: Map<string, FakeChat>
  /** Called before every list request is answered: change the list here. */
  onList: ((requestNumber: number) => void) | null
  listRequests: number
  insert(type: FakeChat['type']): FakeChat
  touch(uuid: string, type?: FakeChat['type']): void
  /** The stream as the platform would list it now: updatedAt descending. */
  list(type: FakeChat['type']): FakeChat[]
  /** A record's id picked deterministically from the given stream. */
  pick(type: FakeChat['type'], random: () => number): string
}

export const BOT = { botId: 'bot-0001', customerId: 'cust-0001', token: 'fake-express-token' }
const PAGE_SIZE = 20

/**
 * A small express-chat list server whose list the test reshapes between page requests.
 * `clock` gives each write its updatedAt: strictly rising by default; a test may make it return
 * the current newest time to produce same-millisecond ties.
 */
export async function startFakeExpressChat(options: {
  initial: number
  clock?: (newest: number) => number
}): Promise<FakeExpressChat> {
  let sequence = 0
  let time = Date.parse('2024-01-01T00:00:00.000Z')
  const chats = new Map<string, FakeChat>()
  const newest = (): number => Math.max(time, ...[...chats.values()].map((chat) => chat.updatedAt))
  const stamp = (): number => (options.clock ? options.clock(newest()) : (time = newest() + 1))

  const fake: FakeExpressChat = {
    server: undefined as unknown as LocalServer,
    chats,
    onList: null,
    listRequests: 0,
    insert(type) {
      sequence++
      const chat: FakeChat = {
        uuid: `uuid-${String(sequence).padStart(5, '0')}`,
        _id: sequence.toString(16).padStart(24, '0'),
        type,
        updatedAt: stamp(),
        name: `chat ${sequence}`
      }
      chats.set(chat.uuid, chat)
      return chat
    },
    touch(uuid, type) {
      const chat = chats.get(uuid)
      if (!chat) throw new Error(`no chat ${uuid}`)
      chat.updatedAt = stamp()
      if (type) chat.type = type
    },
    list(type) {
      return [...chats.values()]
        .filter((chat) => chat.type === type)
        .sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? 1 : -1))
    },
    pick(type, random) {
      const candidates = fake.list(type)
      const chat = candidates[Math.floor(random() * candidates.length)]
      if (!chat) throw new Error('empty list')
      return chat.uuid
    }
  }
  for (let index = 0; index < options.initial; index++) fake.insert(index % 3 === 0 ? 'non-lead' : 'lead')

  fake.server = await startLocalServer((req, res) => {
    if (req.headers['x-bot-token'] !== BOT.token && req.headers['x-bp-token'] !== BOT.token) {
      return sendJson(res, 401, { success: false, message: 'Invalid token', code: 401 })
    }
    if (req.method === 'GET' && req.parsedUrl.pathname === '/inbox/direct/chats') {
      const query = req.parsedUrl.searchParams
      if (query.get('botId') !== BOT.botId || query.get('customerId') !== BOT.customerId) {
        return sendJson(res, 400, { success: false, message: 'unknown bot', code: 400 })
      }
      fake.listRequests++
      fake.onList?.(fake.listRequests)
      const type = query.get('type') === 'non-lead' ? 'non-lead' : 'lead'
      const page = Number(query.get('page'))
      const data = fake
        .list(type)
        .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        .map((chat) => ({
          _id: chat._id,
          uuid: chat.uuid,
          createdAt: '2023-12-01T00:00:00.000Z',
          updatedAt: new Date(chat.updatedAt).toISOString(),
          profile: { userDetails: { name: chat.name } }
        }))
      return sendJson(res, 200, { success: true, message: 'ok', code: 200, data })
    }
    if (req.method === 'PUT' && req.parsedUrl.pathname === '/inbox/direct/lead') {
      const body = JSON.parse(req.body) as { uuid: string; name?: string }
      const chat = chats.get(body.uuid)
      if (!chat) return sendJson(res, 400, { success: false, message: 'unknown uuid', code: 400 })
      if (body.name) chat.name = body.name
      fake.touch(chat.uuid, 'lead')
      return sendJson(res, 200, { success: true, message: 'ok', code: 200 })
    }
    return sendJson(res, 404, { success: false, message: 'no route', code: 404 })
  })
  return fake
}

/** A small seeded PRNG (mulberry32), so churn is the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
