import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, ConnectionTestResult, OutboxEntry } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { filesContaining } from '../helpers/files'
import { sendJson, startLocalServer, type LocalServer } from '../providers/helpers/local-server'

// Finding 9: a platform that echoes the token in another encoding must not get it stored or logged.

const TOKEN = 'sk_live/AbC+123=xyz~tok'
const bytes = Buffer.from(TOKEN)
const FORMS: Record<string, string> = {
  raw: TOKEN,
  base64: bytes.toString('base64'),
  base64url: bytes.toString('base64url'),
  hex: bytes.toString('hex'),
  HEX: bytes.toString('hex').toUpperCase(),
  urlEncoded: encodeURIComponent(TOKEN),
  // Basic auth: the token inside a longer base64 string, at an offset that is not a multiple of 3.
  inBasic: Buffer.from(`user:${TOKEN}`).toString('base64').slice(8, -4)
}
const OTHER_BEARER = 'eyJhbGciOiJIUzI1NiJ9.some-other-credential'

let platform: LocalServer
let app: TestApp
let connection: Connection

beforeAll(async () => {
  const { inBasic: _part, ...echoed } = FORMS
  const basic = Buffer.from(`user:${TOKEN}`).toString('base64')
  const said = [
    ...Object.entries(echoed).map(([name, form]) => `${name}=${form}`),
    `basic=${basic}`,
    `Authorization: Bearer ${TOKEN}`,
    `forwarded Bearer ${OTHER_BEARER}`
  ].join(' ')
  platform = await startLocalServer((_req, res) => sendJson(res, 400, { message: `Bad credentials (${said})` }))
  app = await startTestApp()
  connection = await app.call<Connection>('connections.create', {
    platform: 'chatbot-com',
    name: 'Echoing platform',
    baseUrl: platform.url,
    token: TOKEN
  })
  await app.db.write((tx) =>
    tx.run(
      `INSERT INTO leads (connection_id, remote_id, name, raw_json, synced_at) VALUES (?, 'u1', 'Ana', '{"id":"u1"}', '2026-01-01')`,
      [connection.id]
    )
  )
})
afterAll(async () => {
  await app.dispose()
  await platform.close()
})

function leaked(text: string): string[] {
  return [
    ...Object.entries(FORMS)
      .filter(([, form]) => text.includes(form))
      .map(([name]) => name),
    ...(text.includes(OTHER_BEARER) ? ['other bearer'] : [])
  ]
}

it('keeps every encoding of the token out of the connection test, state_message, last_error and the files', async () => {
  const tested = await app.call<ConnectionTestResult>('connections.test', { id: connection.id })
  expect(tested.ok).toBe(false)
  expect(tested.message).toMatch(/Bad credentials/)
  expect(leaked(tested.message)).toEqual([])

  await app.call('sync.run', { connectionId: connection.id })
  await app.sync.idle()
  const synced = (await app.call<Connection[]>('connections.list')).find((c) => c.id === connection.id)!
  expect(synced.state).toBe('error')
  expect(synced.stateMessage).toMatch(/Bad credentials/)
  expect(leaked(synced.stateMessage!)).toEqual([])

  const lead = await app.db.get<{ id: number }>('SELECT id FROM leads WHERE remote_id = ?', ['u1'])
  await app.call('leads.update', { ids: [lead!.id], patch: { status: 'CLOSED' } })
  // The edit is pushed on its own shortly after; the platform refuses it for good (400).
  let entry: OutboxEntry | undefined
  for (let tries = 0; tries < 200 && entry?.state !== 'failed'; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    ;[entry] = await app.call<OutboxEntry[]>('outbox.list', { connectionId: connection.id })
  }
  await app.sync.idle()
  expect(entry?.state).toBe('failed')
  expect(entry?.lastError).toMatch(/Bad credentials/)
  expect(leaked(entry!.lastError!)).toEqual([])

  for (const [name, form] of Object.entries(FORMS)) {
    expect(await filesContaining(app.dataDir, form), name).toEqual([])
  }
  expect(await filesContaining(app.dataDir, OTHER_BEARER)).toEqual([])
})
