import { sendJson, startLocalServer, type LocalServer } from './local-server'

export interface FakeLead {
  id: number
  created_at: string
  name: string | null
  email: string | null
  phone: string | null
}

export const CHATZURI = { token: 'fake-chatzuri-key', agentId: 'agent-42' }

/** Chatzuri's get-leads: created_at ascending, startDate inclusive by UTC day, page from 1, size ≤ 100. */
export async function startFakeChatzuri(
  days: string[]
): Promise<{ server: LocalServer; leads: FakeLead[]; add(day: string): FakeLead }> {
  const leads: FakeLead[] = []
  const add = (day: string): FakeLead => {
    const id = leads.length + 1
    const lead = {
      id,
      created_at: `${day}T${String(id % 24).padStart(2, '0')}:00:00.000Z`,
      name: `Lead ${id}`,
      email: null,
      phone: '+1 555'
    }
    leads.push(lead)
    leads.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
    return lead
  }
  for (const day of days) add(day)
  const fake = { server: undefined as unknown as LocalServer, leads, add }
  fake.server = await startLocalServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${CHATZURI.token}`) return sendJson(res, 401, { message: 'Unauthorized' })
    if (req.parsedUrl.pathname !== '/api/v1/get-leads') return sendJson(res, 404, { message: 'no route' })
    const query = req.parsedUrl.searchParams
    if (query.get('agentId') !== CHATZURI.agentId || query.get('chatbotId') !== CHATZURI.agentId) {
      return sendJson(res, 404, { message: 'Chatbot not found' })
    }
    const startDate = query.get('startDate')
    if (startDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(startDate))
      return sendJson(res, 400, { message: 'Invalid startDate' })
    const page = Number(query.get('page'))
    const size = Number(query.get('size'))
    if (!(size >= 1 && size <= 100) || !(page >= 1)) return sendJson(res, 400, { message: 'bad paging' })
    const matching = leads.filter((lead) => startDate === null || lead.created_at.slice(0, 10) >= startDate)
    const data = matching
      .slice((page - 1) * size, page * size)
      .map((lead) => ({ ...lead, chatbot_owner_user_id: 'owner-1', chatbot_id: CHATZURI.agentId }))
    return sendJson(res, 200, { data })
  })
  return fake
}
