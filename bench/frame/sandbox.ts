import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Platform } from '../../src/shared/contract/model'
import type { FaultPatch, SandboxAccounts } from '../../src/main/sandbox'
import { cpuSeconds } from './rss'

export interface AdminAddress {
  url: string
  token: string
}

/** The sandbox's admin endpoints the bench uses; usable from any process that knows the address. */
export interface SandboxAdmin {
  /** API requests the sandbox has received, by platform. */
  requests(): Promise<Record<Platform, number>>
  /** Once, in every account of `platform`: that fraction of its records change, that fraction arrive new. */
  churn(platform: Platform, changed: number, inserted: number): Promise<{ changed: number; inserted: number }>
  /** Of the requests, those the rate limit turned away (429), by platform. */
  limited(): Promise<Record<Platform, number>>
  /** The writes the sandbox applied, in order. */
  writes(): Promise<SandboxWrite[]>
  /** Sets fault switches of one platform (e.g. `{ rate: 100 }`: requests/s, 0 = no limit). */
  setFaults(platform: Platform, patch: FaultPatch): Promise<void>
  /** Back to the seeded data: writes, request counts and faults undone. */
  reset(): Promise<void>
}

export interface SandboxWrite {
  platform: Platform
  method: string
  path: string
  body: unknown
}

/** The lead a write was for: express-chat names it in the body, ChatBot.com in the path. */
export function writeTarget(write: SandboxWrite): string {
  if (write.platform === 'express-chat') return `${write.platform}:${String((write.body as { uuid?: string }).uuid)}`
  return `${write.platform}:${write.path.split('/').pop()}`
}

export function sandboxAdmin(admin: AdminAddress): SandboxAdmin {
  const call = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<unknown> => {
    const response = await fetch(`${admin.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${await response.text()}`)
    return response.json()
  }
  return {
    requests: async () => (await call('/requests')) as Record<Platform, number>,
    churn: async (platform, changed, inserted) =>
      (await call('/churn', { platform, changed, inserted })) as { changed: number; inserted: number },
    limited: async () => (await call('/limited')) as Record<Platform, number>,
    writes: async () => (await call('/writes')) as SandboxWrite[],
    setFaults: async (platform, patch) => void (await call(`/faults/${platform}`, patch, 'PATCH')),
    reset: async () => void (await call('/reset', {}))
  }
}

export interface SandboxProcess extends SandboxAdmin {
  accounts: SandboxAccounts
  admin: AdminAddress
  /** CPU seconds the sandbox process has used so far. */
  cpu(): number | null
  stop(): Promise<void>
}

/**
 * The provider sandbox in its own process, as a real platform would be: what it spends on
 * generating and serialising records is not charged to Lead Manager's process.
 */
export async function startSandboxProcess(root: string, seed: number, leads: number): Promise<SandboxProcess> {
  const args = ['--port', '0', '--seed', String(seed), '--leads', String(leads), '--chats', '0']
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main/sandbox/cli.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const lines = createInterface({ input: child.stdout })
  for await (const line of lines) {
    if (!line.startsWith('{')) continue
    const { admin, ...accounts } = JSON.parse(line) as SandboxAccounts & { admin: AdminAddress }
    return {
      accounts,
      admin,
      ...sandboxAdmin(admin),
      cpu: () => cpuSeconds(child.pid),
      stop: async () => {
        lines.close()
        child.kill('SIGTERM')
        await exited
      }
    }
  }
  throw new Error('the sandbox did not start (no accounts line)')
}
