import { parseArgs } from 'node:util'
import { parseFaultSwitch, type FaultConfig } from './faults'
import type { SandboxOptions } from './server'

export const USAGE = `usage: npm run sandbox -- [--port 0] [--seed 1] [--leads 2000] [--chats 500]
  [--fault <platform>.<name>=<value>]... [--fault-seed N] [--revoke <token>]... [--admin-token T]
platforms: express-chat, chatbot-com, chatzuri
faults: latencyMs, rate (requests/s), errorRate, malformedRate, truncateRate (0..1), churnPerRequest
env: SANDBOX_ADMIN_TOKEN (when --admin-token is not given)`

/** The CLI's arguments as startSandbox options; throws with a readable message on bad input. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): SandboxOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      leads: { type: 'string', default: '2000' },
      chats: { type: 'string', default: '500' },
      fault: { type: 'string', multiple: true, default: [] },
      'fault-seed': { type: 'string' },
      revoke: { type: 'string', multiple: true, default: [] },
      'admin-token': { type: 'string' }
    },
    strict: true,
    allowPositionals: false
  })
  const faults: FaultConfig = {}
  for (const text of values.fault) {
    const { platform, patch } = parseFaultSwitch(text)
    faults[platform] = { ...faults[platform], ...patch }
  }
  return {
    port: integer('port', values.port, 0, 65_535),
    seed: integer('seed', values.seed, 0, 0xffff_ffff),
    leads: integer('leads', values.leads, 0),
    chats: integer('chats', values.chats, 0),
    faults,
    faultSeed:
      values['fault-seed'] === undefined ? undefined : integer('fault-seed', values['fault-seed'], 0, 0xffff_ffff),
    revokedTokens: values.revoke,
    adminToken: values['admin-token'] ?? env['SANDBOX_ADMIN_TOKEN'] ?? undefined
  }
}

function integer(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${text}"`)
  return Number(text)
}
