import { Agent } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHttpServer, type RunningHttpServer } from '../../src/main/transports/http-server'
import { LEAD_LIMITS, LIMITS, type Lead } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { invokeOver, send, type Reply } from '../helpers/http'

// Findings 7 and 9 (boundary part), over real HTTP against browser mode's server.

let app: TestApp
let server: RunningHttpServer

beforeAll(async () => {
  app = await startTestApp()
  server = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir: null })
})
afterAll(async () => {
  await server.close()
  await app.dispose()
})

const errorOf = (reply: Reply): { code: string; message: string } =>
  (reply.json as { error: { code: string; message: string } }).error

const notes = (count: number, chars: number): { title: string; description: string }[] =>
  Array.from({ length: count }, (_, i) => ({ title: `Note ${i}`, description: 'x'.repeat(chars) }))

describe('what one lead may hold', () => {
  it('refuses notes over the per-lead total, saying what the limit is', async () => {
    // 200 notes of 2,000 characters: each note is within its own limit, the lead's total is not.
    const reply = await invokeOver(server, 'leads.update', { ids: [1], patch: { notes: notes(200, 2000) } })
    expect(errorOf(reply).code).toBe('INVALID_INPUT')
    expect(errorOf(reply).message).toMatch(/notes/)
    expect(errorOf(reply).message).toContain(`${LEAD_LIMITS.notesBytes / 1024} KB`)
  })

  it('refuses tags over the per-lead total', async () => {
    const tags = Array.from({ length: 200 }, (_, i) => `${i}-${'t'.repeat(200)}`)
    const reply = await invokeOver(server, 'leads.update', { ids: [1], patch: { tags } })
    expect(errorOf(reply)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/tags/) })
  })

  it('refuses one edit that would write more than a bulk edit may, however small each lead stays', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => i + 1)
    const reply = await invokeOver(server, 'leads.update', { ids, patch: { notes: notes(20, 2000) } })
    expect(errorOf(reply)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/fewer leads/) })
  })

  it('refuses promoting a chat with notes over the per-lead total', async () => {
    const reply = await invokeOver(server, 'leads.promote', { id: 1, name: 'Ana', notes: notes(200, 2000) })
    expect(errorOf(reply).code).toBe('INVALID_INPUT')
  })
})

describe('what a reply may carry', () => {
  const BIG_LEADS = 90
  const NOTES_PER_LEAD = 256 * 1024

  beforeAll(async () => {
    // Leads as large as a platform may send them (nothing at the boundary limits what is pulled).
    const now = '2026-11-21T10:00:00.000Z'
    const big = JSON.stringify(
      Array.from({ length: NOTES_PER_LEAD / 8192 }, (_, i) => ({
        title: `from the platform ${i}`,
        description: 'p'.repeat(8192)
      }))
    )
    await app.db.write(async (tx) => {
      await tx.run(
        `INSERT INTO connections (id, platform, name, base_url, created_at, updated_at)
         VALUES ('big', 'chatzuri', 'Big', 'http://127.0.0.1:9', ?, ?)`,
        [now, now]
      )
      for (let i = 0; i < BIG_LEADS; i++) {
        await tx.run(
          `INSERT INTO leads (connection_id, remote_id, name, notes_json, raw_json, synced_at, remote_updated_at)
           VALUES ('big', ?, ?, ?, '{}', ?, ?)`,
          [`r${i}`, `Lead ${i}`, big, now, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()]
        )
      }
    })
  })

  it('cuts a page of large leads short at the reply budget, and the next page carries on', async () => {
    const first = await invokeOver(server, 'leads.list', { connectionId: 'big', limit: 1000 })
    expect(first.body.length).toBeLessThanOrEqual(LIMITS.replyBytes + NOTES_PER_LEAD + 4096)
    const page = first.json as { ok: true; result: { rows: Lead[]; total: number } }
    expect(page.result.total).toBe(BIG_LEADS)
    expect(page.result.rows.length).toBeGreaterThan(0)
    expect(page.result.rows.length).toBeLessThan(BIG_LEADS)
    expect(page.result.rows[0]!.name).toBe(`Lead ${BIG_LEADS - 1}`)

    const seen = new Set(page.result.rows.map((r) => r.id))
    let offset = page.result.rows.length
    while (offset < BIG_LEADS) {
      const next = (await invokeOver(server, 'leads.list', { connectionId: 'big', offset, limit: 1000 })).json as {
        result: { rows: Lead[] }
      }
      expect(next.result.rows.length).toBeGreaterThan(0)
      for (const row of next.result.rows) seen.add(row.id)
      offset += next.result.rows.length
    }
    expect(seen.size).toBe(BIG_LEADS)
  })

  it('lists queued edits up to the reply budget', async () => {
    // Four edits per lead, each as large as an edit may be: 360 × 60 KB.
    const EDITS_PER_LEAD = 4
    const patch = JSON.stringify({ notes: notes(6, 10_000) })
    await app.db.write(async (tx) => {
      const leads = await tx.all<{ id: number }>("SELECT id FROM leads WHERE connection_id = 'big'")
      for (const { id } of leads.flatMap((lead) => Array<typeof lead>(EDITS_PER_LEAD).fill(lead))) {
        await tx.run(
          `INSERT INTO outbox (lead_id, connection_id, op, patch_json, base_json, state, created_at, updated_at)
           VALUES (?, 'big', 'update', ?, '{}', 'pending', '2026-01-01', '2026-01-01')`,
          [id, patch]
        )
      }
    })
    const reply = await invokeOver(server, 'outbox.list', { connectionId: 'big' })
    expect(reply.status).toBe(200)
    expect(reply.body.length).toBeLessThanOrEqual(LIMITS.replyBytes + patch.length + 4096)
    const entries = (reply.json as { result: { id: number }[] }).result
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.length).toBeLessThan(BIG_LEADS * EDITS_PER_LEAD)
  })
})

describe('the HTTP boundary', () => {
  it('answers a body over 8 MB with 413 and closes the connection, so the next request is not stuck', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const huge = JSON.stringify({ method: 'sync.status', input: { pad: 'x'.repeat(9 * 1024 * 1024) } })
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.token}` }
      const refused = await send(server, '/api/invoke', {
        method: 'POST',
        headers,
        body: huge,
        agent,
        timeoutMs: 20_000
      })
      expect(refused.status).toBe(413)
      expect(refused.headers.connection).toBe('close')
      expect(errorOf(refused).message).toMatch(/8 MB/)
      const next = await invokeOver(server, 'sync.status', {}, { agent, timeoutMs: 10_000 })
      expect(next.status).toBe(200)
    } finally {
      agent.destroy()
    }
  })

  it('announces 413 from the declared length without reading the body', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const body = Buffer.alloc(9 * 1024 * 1024, 0x20)
      const reply = await send(server, '/api/invoke', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${server.token}`,
          'content-length': String(body.length)
        },
        body,
        agent,
        timeoutMs: 20_000
      })
      expect(reply.status).toBe(413)
      expect((await invokeOver(server, 'sync.status', {}, { agent, timeoutMs: 10_000 })).status).toBe(200)
    } finally {
      agent.destroy()
    }
  })

  it('a refusal before the body is read (wrong token, wrong type) leaves the connection usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const body = Buffer.alloc(9 * 1024 * 1024, 0x20)
      for (const headers of [
        { 'content-type': 'application/json', authorization: 'Bearer wrong' },
        { 'content-type': 'text/plain', authorization: `Bearer ${server.token}` }
      ]) {
        const reply = await send(server, '/api/invoke', { method: 'POST', headers, body, agent, timeoutMs: 20_000 })
        expect(reply.status).toBeGreaterThanOrEqual(400)
        expect((await invokeOver(server, 'sync.status', {}, { agent, timeoutMs: 10_000 })).status).toBe(200)
      }
    } finally {
      agent.destroy()
    }
  })

  it('echoes an unknown key only in part', async () => {
    const key = 'k'.repeat(1_000_000)
    const reply = await invokeOver(server, 'sync.status', { [key]: 1 })
    expect(errorOf(reply).code).toBe('INVALID_INPUT')
    expect(reply.body.length).toBeLessThan(2000)
    expect(errorOf(reply).message).toContain('…')
  })

  it('echoes a long key in a path only in part', async () => {
    const reply = await invokeOver(server, 'outbox.resolve', { id: 1, choices: { ['f'.repeat(500_000)]: 'mine' } })
    expect(errorOf(reply).code).toBe('INVALID_INPUT')
    expect(reply.body.length).toBeLessThan(2000)
  })

  it('refuses a search with control characters in words, not INTERNAL', async () => {
    const reply = await invokeOver(server, 'leads.list', { search: 'ana\u0000' })
    expect(errorOf(reply)).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/search: .*control characters/)
    })
  })

  it('refuses a token with characters no token has, before it reaches the keychain', async () => {
    for (const token of ['abc\u0007defgh', 'abc defgh', 'abcdéfgh', 'abc\ndefgh']) {
      const reply = await invokeOver(server, 'connections.create', { platform: 'chatbot-com', name: 'Bad', token })
      expect(errorOf(reply), JSON.stringify(token)).toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('The token contains characters that cannot be part of a token')
      })
    }
    const draft = await invokeOver(server, 'connections.test', {
      draft: { platform: 'chatbot-com', name: 'Bad', token: 'tab\there' }
    })
    expect(errorOf(draft).code).toBe('INVALID_INPUT')
  })
})
