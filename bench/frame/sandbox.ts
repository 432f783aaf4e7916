import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Platform } from '../../src/shared/contract/model'
import type { SandboxAccounts } from '../../src/main/sandbox'
import { cpuSeconds } from './rss'

export interface SandboxProcess {
  accounts: SandboxAccounts
  admin: { url: string; token: string }
  pid: number
  /** CPU seconds the sandbox process has used so far. */
  cpu(): number | null
  /** API requests the sandbox has received, by platform. */
  requests(): Promise<Record<Platform, number>>
  /** Once, in every account of `platform`: that fraction of its records change, that fraction arrive new. */
  churn(platform: Platform, changed: number, inserted: number): Promise<{ changed: number; inserted: number }>
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
    const parsed = JSON.parse(line) as SandboxAccounts & { admin: { url: string; token: string } }
    const { admin, ...accounts } = parsed
    const adminCall = async (path: string, body?: unknown): Promise<unknown> => {
      const response = await fetch(`${admin.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
      if (!response.ok) throw new Error(`sandbox admin ${path}: ${response.status} ${await response.text()}`)
      return response.json()
    }
    return {
      accounts,
      admin,
      pid: child.pid!,
      cpu: () => cpuSeconds(child.pid),
      requests: async () => (await adminCall('/requests')) as Record<Platform, number>,
      churn: async (platform, changed, inserted) =>
        (await adminCall('/churn', { platform, changed, inserted })) as { changed: number; inserted: number },
      stop: async () => {
        lines.close()
        child.kill('SIGTERM')
        await exited
      }
    }
  }
  throw new Error('the sandbox did not start (no accounts line)')
}
