import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../../src/main/sandbox/cli-args'
import { bearer, call } from './helpers'

const CLI = 'src/main/sandbox/cli.ts'

function run(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

describe('npm run sandbox', () => {
  it('prints the listening line, then one JSON line of accounts and admin, and stops on SIGTERM', async () => {
    const child = run(
      ['--port', '0', '--seed', '4', '--leads', '300', '--chats', '30', '--fault', 'chatzuri.errorRate=1'],
      {
        SANDBOX_ADMIN_TOKEN: 'from-env'
      }
    )
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
      const listening = (await lines.next()).value as string
      const match = /^sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(listening)
      expect(match).not.toBeNull()
      expect(Number(match![2])).toBeGreaterThan(0)
      const printed = JSON.parse((await lines.next()).value as string)
      expect(Object.keys(printed)).toEqual(['expressChat', 'chatbotCom', 'chatzuri', 'admin'])
      expect(printed.admin).toEqual({ url: `${match![1]}/__admin`, token: 'from-env' })
      expect(printed.expressChat[0]).toEqual({
        brand: 'reekolect',
        baseUrl: `${match![1]}/express-chat`,
        botId: expect.stringMatching(/^[0-9a-f]{24}$/),
        customerId: expect.stringMatching(/^[0-9a-f]{24}$/),
        token: expect.any(String)
      })
      expect(Object.keys(printed.chatzuri[0])).toEqual(['baseUrl', 'agentId', 'token'])

      const bot = printed.expressChat[0]
      const page = await call(
        `${bot.baseUrl}/inbox/direct/chats?botId=${bot.botId}&customerId=${bot.customerId}&page=1&type=lead`,
        {
          headers: { 'x-bot-token': bot.token }
        }
      )
      expect(page.status).toBe(200)
      const agent = printed.chatzuri[0]
      expect(
        (await call(`${agent.baseUrl}/api/v1/get-leads?agentId=${agent.agentId}`, { headers: bearer(agent.token) }))
          .status
      ).toBe(500)
      child.kill('SIGTERM')
      const [code] = await once(child, 'exit')
      expect(code).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('exits 2 with the usage on a bad switch', async () => {
    const child = run(['--fault', 'express-chat.speed=9'])
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(stderr).toContain('unknown fault "speed"')
    expect(stderr).toContain('usage:')
  })
})

describe('parseCliArgs', () => {
  it('reads every switch, merging faults per platform', () => {
    const options = parseCliArgs(
      [
        '--port',
        '8123',
        '--seed',
        '9',
        '--leads',
        '1000000',
        '--chats',
        '5',
        '--fault',
        'express-chat.latencyMs=200',
        '--fault',
        'chatzuri.rate=5',
        '--fault',
        'express-chat.churnPerRequest=2',
        '--fault-seed',
        '3',
        '--revoke',
        'tok',
        '--admin-token',
        'flag'
      ],
      { SANDBOX_ADMIN_TOKEN: 'env' }
    )
    expect(options).toEqual({
      port: 8123,
      seed: 9,
      leads: 1_000_000,
      chats: 5,
      faults: { 'express-chat': { latencyMs: 200, churnPerRequest: 2 }, chatzuri: { rate: 5 } },
      faultSeed: 3,
      revokedTokens: ['tok'],
      adminToken: 'flag'
    })
  })

  it('refuses bad values', () => {
    expect(() => parseCliArgs(['--leads', '-1'])).toThrow('--leads')
    expect(() => parseCliArgs(['--port', '70000'])).toThrow('--port')
    expect(() => parseCliArgs(['--fault', 'teams.rate=1'])).toThrow('unknown platform')
    expect(() => parseCliArgs(['--fault', 'chatzuri.errorRate=1.5'])).toThrow('chatzuri.errorRate')
    expect(() => parseCliArgs(['--fault', 'chatzuri.errorRate'])).toThrow('platform.name=value')
    expect(() => parseCliArgs(['--unknown'])).toThrow()
  })
})
