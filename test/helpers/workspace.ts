import { expect } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/main/sandbox'
import type { TestApp } from './app'

/** Connects the app to every account the sandbox seeded, through the contract as the UI does. */
export async function connectAll(app: TestApp, sandbox: RunningSandbox): Promise<Connection[]> {
  const created: Connection[] = []
  for (const a of sandbox.accounts.expressChat) {
    created.push(
      await app.call<Connection>('connections.create', {
        platform: 'express-chat',
        brand: a.brand,
        name: `express-chat ${a.brand}`,
        baseUrl: a.baseUrl,
        pasted: `https://page.example.com/${a.botId}/${a.customerId}`,
        token: a.token
      })
    )
  }
  for (const a of sandbox.accounts.chatbotCom) {
    created.push(
      await app.call<Connection>('connections.create', {
        platform: 'chatbot-com',
        name: 'ChatBot.com',
        baseUrl: a.baseUrl,
        token: a.token
      })
    )
  }
  for (const a of sandbox.accounts.chatzuri) {
    created.push(
      await app.call<Connection>('connections.create', {
        platform: 'chatzuri',
        name: 'Chatzuri',
        baseUrl: a.baseUrl,
        agentId: a.agentId,
        token: a.token
      })
    )
  }
  return created
}

export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, seed: 1234, leads: 1500, chats: 150, ...options })
}

/** What the sandbox holds for one connection: remote id → [kind, raw record]. */
export function sandboxRecords(
  sandbox: RunningSandbox,
  connection: Connection
): Map<string, { kind: 'lead' | 'chat'; raw: unknown }> {
  const records = new Map<string, { kind: 'lead' | 'chat'; raw: unknown }>()
  if (connection.platform === 'express-chat') {
    for (const type of ['lead', 'non-lead'] as const) {
      for (const chat of sandbox.snapshot('express-chat', connection.botId!, { type })) {
        const c = chat as { uuid?: string | null; _id?: string | null }
        records.set(String(c.uuid ?? c._id), { kind: type === 'lead' ? 'lead' : 'chat', raw: chat })
      }
    }
  } else if (connection.platform === 'chatbot-com') {
    const token = sandbox.accounts.chatbotCom[0]!.token
    for (const user of sandbox.snapshot('chatbot-com', token))
      records.set(String((user as { id: string }).id), { kind: 'lead', raw: user })
  } else {
    for (const lead of sandbox.snapshot('chatzuri', connection.agentId!))
      records.set(String((lead as { id: number }).id), { kind: 'lead', raw: lead })
  }
  return records
}

export interface Comparison {
  connection: string
  expected: number
  cached: number
  duplicates: number
  lost: number
  extra: number
  differing: number
}

/** The cache against the sandbox, record by record and field by field (the raw JSON kept beside the columns). */
export async function compareWithSandbox(
  app: TestApp,
  sandbox: RunningSandbox,
  connections: Connection[]
): Promise<Comparison[]> {
  const results: Comparison[] = []
  for (const connection of connections) {
    const expected = sandboxRecords(sandbox, connection)
    const rows = await app.db.all<{ remote_id: string; kind: string; raw_json: string; name: string | null }>(
      'SELECT remote_id, kind, raw_json, name FROM leads WHERE connection_id = ?',
      [connection.id]
    )
    const seen = new Set<string>()
    let duplicates = 0
    let extra = 0
    let differing = 0
    for (const row of rows) {
      if (seen.has(row.remote_id)) duplicates++
      seen.add(row.remote_id)
      const want = expected.get(row.remote_id)
      if (!want) {
        extra++
        continue
      }
      const same = row.kind === want.kind && JSON.stringify(JSON.parse(row.raw_json)) === JSON.stringify(want.raw)
      if (!same) differing++
    }
    const lost = [...expected.keys()].filter((id) => !seen.has(id)).length
    results.push({
      connection: connection.name,
      expected: expected.size,
      cached: rows.length,
      duplicates,
      lost,
      extra,
      differing
    })
  }
  return results
}

export function expectIdentical(comparisons: Comparison[]): void {
  for (const c of comparisons) {
    expect(c, c.connection).toMatchObject({ cached: c.expected, duplicates: 0, lost: 0, extra: 0, differing: 0 })
    expect(c.expected, c.connection).toBeGreaterThan(0)
  }
}

export async function syncAndWait(app: TestApp): Promise<void> {
  await app.call('sync.run', {})
  await app.sync.idle()
}
