// The keychain against a real Secret Service that each test owns (its own D-Bus bus and GNOME
// Keyring daemon), so it can be locked, stopped, frozen and started again under a running app.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import { startAppChild, type AppChild } from '../helpers/keychain-app-child'
import { filesContaining } from '../helpers/files'
import { startKeychainChurn } from '../helpers/keychain-churn'
import { startPrivateKeyring, type PrivateKeyring } from '../helpers/private-keyring'
import { tempDir } from '../helpers/temp-dir'

// The keychain holds each token with the origin it was entered for (src/main/connections/tokens.ts).
function tokenIn(secret: { value?: string | null }): string | undefined {
  return secret.value ? (JSON.parse(secret.value) as { token: string }).token : undefined
}

// Each test starts a bus, a keyring daemon (more than once) and the app in child processes.
const SLOW = { timeout: 180_000 }
const newToken = (): string => `tok-${randomBytes(12).toString('hex')}`

interface KeychainInfo {
  available: boolean
  state: string
  message: string | null
}

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  cleanups = []
})

async function setUp(env: Record<string, string> = {}): Promise<{
  keyring: PrivateKeyring
  app: () => Promise<AppChild>
  dataDir: string
  log: () => Promise<string>
}> {
  const dir = await tempDir()
  const keyring = await startPrivateKeyring()
  cleanups.push(dir.cleanup, keyring.close)
  return {
    keyring,
    dataDir: dir.path,
    app: async () => {
      const app = await startAppChild(dir.path, { ...keyring.env, ...env })
      cleanups.push(app.close)
      return app
    },
    log: () => readFile(join(dir.path, 'logs', 'lead-manager.log'), 'utf8').catch(() => '')
  }
}

const keychain = async (app: AppChild): Promise<KeychainInfo> => {
  const reply = await app.dispatch<{ keychain: KeychainInfo }>('app.info')
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.result.keychain
}

const create = (app: AppChild, token: string) =>
  app.dispatch<Connection>('connections.create', { platform: 'chatbot-com', name: `Bot ${token.slice(-4)}`, token })

const connectionIds = async (app: AppChild): Promise<string[]> => {
  const reply = await app.dispatch<Connection[]>('connections.list')
  return reply.ok ? reply.result.map((c) => c.id) : []
}

describe('a locked keyring', () => {
  it('is reported as locked, not as missing; nothing is stored; unlocking it is enough', SLOW, async () => {
    const { keyring, app: start, dataDir, log } = await setUp()
    await keyring.startDaemon({ unlock: true })
    const app = await start()
    const first = newToken()
    const saved = await create(app, first)
    expect(saved.ok).toBe(true)
    const savedId = (saved as { result: Connection }).result.id

    await keyring.lock()
    expect(await keychain(app)).toMatchObject({
      available: false,
      state: 'locked',
      message: expect.stringMatching(/locked/)
    })
    const second = newToken()
    const refused = await create(app, second)
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_LOCKED', message: expect.stringMatching(/unlock it/i) }
    })
    // A locked keyring answers a read with "nothing" after its unlock prompt fails: that must not
    // read as "this connection has no token" (which would ask the user for a new one).
    expect(await app.secret(savedId)).toMatchObject({ thrown: { code: 'KEYCHAIN_LOCKED' } })
    expect(await connectionIds(app)).toEqual([savedId])
    expect(await log()).toMatch(/locked collection/)

    // Unlocking the login keyring (here: the daemon started again with its password) is all it takes.
    await keyring.stopDaemon()
    await keyring.startDaemon({ unlock: true })
    expect(await keychain(app)).toEqual({ available: true, state: 'available', message: null })
    expect(tokenIn(await app.secret(savedId))).toBe(first)
    expect(await create(app, second)).toMatchObject({ ok: true })
    expect(await filesContaining(dataDir, first)).toEqual([])
    expect(await filesContaining(dataDir, second)).toEqual([])
  })

  it('a keyring daemon started without its password (never unlocked) reads as locked', SLOW, async () => {
    const { keyring, app: start } = await setUp()
    await keyring.startDaemon({ unlock: false })
    const app = await start()
    expect(await keychain(app)).toMatchObject({ available: false, state: 'locked' })
    expect(await create(app, newToken())).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_LOCKED' } })
    expect(await connectionIds(app)).toEqual([])
  })
})

describe('a keyring daemon that goes away', () => {
  it('stopped: says there is no keychain; started again: the running app uses it without a restart', SLOW, async () => {
    const { keyring, app: start, log } = await setUp()
    await keyring.startDaemon({ unlock: true })
    const app = await start()
    const first = newToken()
    const saved = await create(app, first)
    expect(saved.ok).toBe(true)
    const savedId = (saved as { result: Connection }).result.id

    await keyring.stopDaemon()
    expect(await keychain(app)).toMatchObject({
      available: false,
      state: 'unavailable',
      message: expect.stringMatching(/No system keychain is available/)
    })
    expect(await create(app, newToken())).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } })
    expect(await log()).toMatch(/org\.freedesktop\.secrets was not provided/)

    await keyring.startDaemon({ unlock: true })
    expect(await keychain(app)).toEqual({ available: true, state: 'available', message: null })
    expect(tokenIn(await app.secret(savedId))).toBe(first)
    expect(await create(app, newToken())).toMatchObject({ ok: true })
    expect(await connectionIds(app)).toHaveLength(2)
  })

  it(
    'not answering: a temporary failure that says to try again; the next call after it answers works',
    SLOW,
    async () => {
      const { keyring, app: start, log } = await setUp({ LEADS_KEYCHAIN_TIMEOUT_MS: '10000' })
      await keyring.startDaemon({ unlock: true })
      const app = await start()
      expect(await keychain(app)).toMatchObject({ state: 'available' })

      keyring.freeze(true)
      try {
        const info = await keychain(app)
        expect(info).toMatchObject({
          available: false,
          state: 'temporary',
          message: expect.stringMatching(/try again/i)
        })
        expect(await create(app, newToken())).toMatchObject({
          ok: false,
          error: { code: 'KEYCHAIN_TEMPORARY', message: info.message }
        })
      } finally {
        keyring.freeze(false)
      }
      expect(await log()).toMatch(/no answer/)
      expect(await keychain(app)).toEqual({ available: true, state: 'available', message: null })
      expect(await create(app, newToken())).toMatchObject({ ok: true })
    }
  )
})

describe('a keyring shared with other programs', () => {
  // The cause of a demo e2e failure: the old check read back every token of the service, one D-Bus
  // object at a time, and failed (or crashed keytar) when another process removed one meanwhile.
  it('stays available while another process adds and removes its entries', SLOW, async () => {
    const { keyring, app: start } = await setUp()
    await keyring.startDaemon({ unlock: true })
    const churn = await startKeychainChurn(keyring.env, 200)
    const app = await start()
    const outcomes: unknown[] = []
    try {
      for (let round = 0; round < 6; round++) {
        await app.reopen()
        outcomes.push((await keychain(app)).state)
        const reply = await create(app, newToken())
        outcomes.push(reply.ok ? 'stored' : reply.error.code)
        if (reply.ok) {
          const removed = await app.dispatch('connections.remove', { id: reply.result.id, deleteData: true })
          outcomes.push(removed.ok ? 'removed' : removed.error.code)
        }
      }
    } finally {
      expect(await churn.stop()).toBeGreaterThan(0)
    }
    expect(outcomes).toEqual(Array.from({ length: 6 }, () => ['available', 'stored', 'removed']).flat())
  })
})

describe('the keychain process', () => {
  // Keytar runs in a child process; it must neither keep the app's process alive nor let it end early.
  it.each(['close', 'no-close'])(
    'a script that stores and reads a token ends on its own (%s)',
    async (mode) => {
      const { keyring, dataDir } = await setUp()
      await keyring.startDaemon({ unlock: true })
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'test/helpers/keychain-short-run.ts', dataDir, mode],
        { env: keyring.env, timeout: 60_000 }
      )
      expect(stdout).toBe('DONE tok-short-run\n')
    },
    120_000
  )
})
