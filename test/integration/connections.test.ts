import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import keytar from 'keytar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'
import { countFiles, filesContaining } from '../helpers/files'
import { tempDir } from '../helpers/temp-dir'

const run = promisify(execFile)
const newToken = (): string => `tok-${randomBytes(12).toString('hex')}`
/** The keychain entry of a connection: its token and the origin the token was entered for. */
async function keychainEntry(id: string): Promise<{ token: string; origin: string } | null> {
  const stored = await keytar.getPassword('lead-manager', id)
  return stored === null ? null : (JSON.parse(stored) as { token: string; origin: string })
}
const BOT = '63d9ffa77a8d152facbe2f2f'
const CUSTOMER = '631aa793bcfa100487d13d0d'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.dispose())

describe('creating a connection', () => {
  it('extracts both ids from a pasted widget script and keeps the token only in the keychain', async () => {
    const token = newToken()
    const reply = await app.dispatch('connections.create', {
      platform: 'express-chat',
      brand: 'botbuddy',
      name: 'Website bot',
      pasted: `<script id="BotBuddy AI-messenger-widget" src="https://cdn.botbuddyai.com/BotBuddy AI.js" defer>${BOT},${CUSTOMER}</script>`,
      token
    })
    expect(reply.ok).toBe(true)
    const created = (reply as { result: Connection }).result
    expect(created).toMatchObject({
      platform: 'express-chat',
      brand: 'botbuddy',
      botId: BOT,
      customerId: CUSTOMER,
      state: 'idle'
    })
    expect(created.baseUrl).toBe('https://api.v7.express-chat.ai')

    expect(await keychainEntry(created.id)).toEqual({ v: 1, token, origin: 'https://api.v7.express-chat.ai' })
    expect(JSON.stringify(reply)).not.toContain(token)
    expect(JSON.stringify(await app.dispatch('connections.list', {}))).not.toContain(token)
    expect(await countFiles(app.dataDir)).toBeGreaterThan(1)
    expect(await filesContaining(app.dataDir, token)).toEqual([])
  })

  it('says what is missing and stores nothing when the paste has no ids', async () => {
    const before = (await app.call<Connection[]>('connections.list')).length
    const reply = await app.dispatch('connections.create', {
      platform: 'express-chat',
      brand: 'reekolect',
      name: 'Broken',
      pasted: 'https://page.reekolect.online/only-one-id',
      token: newToken()
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!reply.ok) expect(reply.error.message).toMatch(/bot page URL.*widget script/)
    expect(await app.call<Connection[]>('connections.list')).toHaveLength(before)
  })
})

describe('editing and removing', () => {
  it('replaces the token in the keychain and keeps it out of every reply', async () => {
    const first = newToken()
    const created = await app.call<Connection>('connections.create', {
      platform: 'chatzuri',
      name: 'Z',
      agentId: 'agent-7',
      token: first
    })
    const second = newToken()
    const updated = await app.call<Connection>('connections.update', { id: created.id, name: 'Zuri', token: second })
    expect(updated).toMatchObject({ name: 'Zuri', agentId: 'agent-7', readOnly: true })
    expect((await keychainEntry(created.id))?.token).toBe(second)
    expect(await filesContaining(app.dataDir, first)).toEqual([])
    expect(await filesContaining(app.dataDir, second)).toEqual([])
  })

  it('removing deletes the token; cached data goes only when asked', async () => {
    const keep = await app.call<Connection>('connections.create', {
      platform: 'chatbot-com',
      name: 'Keep data',
      token: newToken()
    })
    const drop = await app.call<Connection>('connections.create', {
      platform: 'chatbot-com',
      name: 'Drop data',
      token: newToken()
    })
    await app.db.write(async (tx) => {
      for (const c of [keep, drop]) {
        await tx.run(
          `INSERT INTO leads (connection_id, remote_id, name, raw_json, synced_at) VALUES (?, 'r1', 'Ana', '{}', '2026-01-01')`,
          [c.id]
        )
      }
    })
    await app.call('connections.remove', { id: keep.id, deleteData: false })
    await app.call('connections.remove', { id: drop.id, deleteData: true })
    expect(await keytar.getPassword('lead-manager', keep.id)).toBeNull()
    expect(await keytar.getPassword('lead-manager', drop.id)).toBeNull()
    const list = await app.call<Connection[]>('connections.list')
    expect(list.find((c) => c.id === keep.id)).toMatchObject({ archived: true, leadCount: 1 })
    expect(list.find((c) => c.id === drop.id)).toBeUndefined()
    expect(await app.db.get('SELECT count(*) AS n FROM leads WHERE connection_id = ?', [drop.id])).toEqual({ n: 0 })
    const again = await app.dispatch('connections.remove', { id: drop.id, deleteData: true })
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

it('refuses to store a token anywhere when no keychain is available, and says so', async () => {
  const dir = await tempDir()
  const token = newToken()
  try {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' }
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/no-keychain-child.ts', dir.path, token],
      {
        env,
        timeout: 60_000
      }
    )
    const result = JSON.parse(stdout.trim().split('\n').pop()!)
    expect(result.info.keychain).toMatchObject({ available: false, state: 'unavailable' })
    expect(result.info.keychain.message).toMatch(/No system keychain is available/)
    expect(result.reply).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } })
    expect(result.rows).toBe(0)
    expect(await filesContaining(dir.path, token)).toEqual([])
    // The log says why, in libsecret's words: here, no bus at the address given.
    const log = await readFile(join(dir.path, 'logs', 'lead-manager.log'), 'utf8')
    expect(log).toMatch(/keychain: could not check the keychain \(attempt 1: unavailable\): Could not connect/)
  } finally {
    await dir.cleanup()
  }
})
