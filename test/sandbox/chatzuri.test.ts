import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHATZURI } from '../../src/main/providers/decisions'
import { startSandbox, type ChatzuriAccount, type RunningSandbox } from '../../src/main/sandbox'
import { czErrorSchema, czListResponseSchema, type ChatzuriLead } from '../../src/main/sandbox/schemas'
import { bearer, call, type Reply } from './helpers'

let sandbox: RunningSandbox
let agent: ChatzuriAccount
const LEADS = 200 // 10 % of 2000

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 13, leads: 2000, chats: 0 })
  agent = sandbox.accounts.chatzuri[0]!
})
afterAll(() => sandbox.close())

const get = (query: string, token = agent.token): Promise<Reply> =>
  call(`${agent.baseUrl}/api/v1/get-leads?${query}`, { headers: bearer(token) })

async function leads(query: string): Promise<ChatzuriLead[]> {
  const reply = await get(query)
  expect(reply.status).toBe(200)
  return czListResponseSchema.parse(reply.body).data
}

async function all(query = ''): Promise<ChatzuriLead[]> {
  const out: ChatzuriLead[] = []
  for (let page = 1; ; page++) {
    const data = await leads(`agentId=${agent.agentId}&size=100&page=${page}${query}`)
    if (data.length === 0) return out
    out.push(...data)
  }
}

describe('Chatzuri GET /api/v1/get-leads', () => {
  it('answers 10 leads by default, created_at ascending then id, all of this agent', async () => {
    const data = await leads(`agentId=${agent.agentId}`)
    expect(data).toHaveLength(CHATZURI.defaultSize)
    for (const lead of data) expect(lead.chatbot_id).toBe(agent.agentId)
    for (let i = 1; i < data.length; i++) {
      const [a, b] = [data[i - 1]!, data[i]!]
      expect(
        Date.parse(b.created_at) > Date.parse(a.created_at) || (b.created_at === a.created_at && b.id > a.id)
      ).toBe(true)
    }
  })

  it('pages through every lead once (page from 1, size up to 100), then answers data: []', async () => {
    const every = await all()
    expect(every).toHaveLength(LEADS)
    expect(new Set(every.map((lead) => lead.id)).size).toBe(LEADS)
    expect(await leads(`agentId=${agent.agentId}&size=7&page=2`)).toEqual(every.slice(7, 14))
    expect((await get(`agentId=${agent.agentId}&page=99`)).body).toEqual({ data: [] })
  })

  it('accepts chatbotId (the older name) and both names together', async () => {
    const byAgent = await leads(`agentId=${agent.agentId}`)
    expect(await leads(`chatbotId=${agent.agentId}`)).toEqual(byAgent)
    expect(await leads(`agentId=${agent.agentId}&chatbotId=${agent.agentId}`)).toEqual(byAgent)
  })

  it('filters by UTC day, both ends inclusive', async () => {
    const every = await all()
    const day = every[100]!.created_at.slice(0, 10)
    const sameDay = every.filter((lead) => lead.created_at.startsWith(day))
    expect(await all(`&startDate=${day}&endDate=${day}`)).toEqual(sameDay)
    const from = every[50]!.created_at.slice(0, 10)
    const to = every[150]!.created_at.slice(0, 10)
    const expected = every.filter((lead) => lead.created_at.slice(0, 10) >= from && lead.created_at.slice(0, 10) <= to)
    expect(await all(`&startDate=${from}&endDate=${to}`)).toEqual(expected)
    expect(await all(`&startDate=${from}`)).toEqual(every.filter((lead) => lead.created_at.slice(0, 10) >= from))
    expect(await all(`&endDate=${to}`)).toEqual(every.filter((lead) => lead.created_at.slice(0, 10) <= to))
    expect(await all('&startDate=2001-01-01&endDate=2001-12-31')).toEqual([])
  })

  it.each([
    ['no agentId', '', 'agentId'],
    ['agentId and chatbotId that differ', 'agentId=AGENT&chatbotId=other', 'differ'],
    ['a date without zero padding', 'agentId=AGENT&startDate=2024-1-05', 'startDate'],
    ['a date that does not exist', 'agentId=AGENT&endDate=2023-02-29', 'endDate'],
    ['a date in another format', 'agentId=AGENT&startDate=05/01/2024', 'startDate'],
    ['a range that ends before it starts', 'agentId=AGENT&startDate=2024-03-02&endDate=2024-03-01', 'startDate'],
    ['page 0', 'agentId=AGENT&page=0', 'page'],
    ['size 0', 'agentId=AGENT&size=0', 'size'],
    ['size 101', 'agentId=AGENT&size=101', 'size']
  ])('answers 400 for %s', async (_label, query, word) => {
    const reply = await get(query.replace('AGENT', agent.agentId))
    expect(reply.status).toBe(400)
    expect(czErrorSchema.parse(reply.body).message).toContain(word)
  })

  it('answers 404 for an agent the key does not own', async () => {
    const reply = await get('agentId=someone-elses-agent')
    expect(reply.status).toBe(404)
    expect(czErrorSchema.parse(reply.body).message).toContain('someone-elses-agent')
  })

  it('answers 401 for a missing or wrong key', async () => {
    for (const headers of [{}, bearer('sk-wrong')]) {
      const reply = await call(`${agent.baseUrl}/api/v1/get-leads?agentId=${agent.agentId}`, { headers })
      expect(reply.status).toBe(401)
      czErrorSchema.parse(reply.body)
    }
  })

  it('has no write routes', async () => {
    const reply = await call(`${agent.baseUrl}/api/v1/get-leads`, { method: 'POST', headers: bearer(agent.token) })
    expect(reply.status).toBe(404)
    czErrorSchema.parse(reply.body)
  })
})
