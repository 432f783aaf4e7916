import { createApp, type App } from '../../src/main/compose'
import { fileLogger } from '../../src/main/logger'
import type { SandboxAccounts } from '../../src/main/sandbox'
import type { SecretStore } from '../../src/main/secrets/secret-store'
import type { Platform } from '../../src/shared/contract/model'
import { startPeak, threadCpuSeconds } from './rss'
import type { SandboxAdmin } from './sandbox'
import type { WorkerJob } from './sync-worker'
import { workerLines } from './worker'

/** The bench measures sync, not the keychain: tokens stay in memory for its one run. */
class MemorySecretStore implements SecretStore {
  readonly description = 'memory (benchmark only)'
  private readonly secrets = new Map<string, string>()
  async availability(): ReturnType<SecretStore['availability']> {
    return { available: true, state: 'available', message: null }
  }
  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null
  }
  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }
  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account)
  }
}

/** Lead Manager in this process on `dataDir`, without keychain, scheduler or log file. */
export function benchApp(dataDir: string): Promise<App> {
  return createApp({ dataDir, secrets: new MemorySecretStore(), logger: fileLogger(null, { quiet: true }) })
}

/** The connections of the sandbox's accounts, as a user adds them; returns their ids by platform. */
export async function connectAll(
  app: App,
  accounts: SandboxAccounts,
  only?: Platform
): Promise<Record<Platform, string[]>> {
  const ids: Record<Platform, string[]> = { 'express-chat': [], 'chatbot-com': [], chatzuri: [] }
  if (!only || only === 'express-chat') {
    for (const a of accounts.expressChat) {
      const created = await app.handlers['connections.create']({
        platform: 'express-chat',
        brand: a.brand,
        name: a.brand,
        baseUrl: a.baseUrl,
        botId: a.botId,
        customerId: a.customerId,
        token: a.token
      })
      ids['express-chat'].push(created.id)
    }
  }
  if (!only || only === 'chatbot-com') {
    for (const [n, a] of accounts.chatbotCom.entries()) {
      const created = await app.handlers['connections.create']({
        platform: 'chatbot-com',
        name: `ChatBot.com ${n + 1}`,
        baseUrl: a.baseUrl,
        token: a.token
      })
      ids['chatbot-com'].push(created.id)
    }
  }
  if (!only || only === 'chatzuri') {
    for (const [n, a] of accounts.chatzuri.entries()) {
      const created = await app.handlers['connections.create']({
        platform: 'chatzuri',
        name: `Chatzuri ${n + 1}`,
        baseUrl: a.baseUrl,
        agentId: a.agentId,
        token: a.token
      })
      ids.chatzuri.push(created.id)
    }
  }
  return ids
}

/**
 * On a copy of the cache: the sandbox now listens on another port, and tokens lived in the memory
 * of the run that built it. The same seed gives the same accounts, so each connection is matched to
 * its account by bot, agent or platform and given the new address and token.
 */
export async function reconnectAll(app: App, accounts: SandboxAccounts): Promise<void> {
  const connections = await app.handlers['connections.list']({})
  for (const c of connections) {
    const account =
      c.platform === 'express-chat'
        ? accounts.expressChat.find((a) => a.botId === c.botId)
        : c.platform === 'chatzuri'
          ? accounts.chatzuri.find((a) => a.agentId === c.agentId)
          : accounts.chatbotCom[Number(/\d+$/.exec(c.name)?.[0] ?? 1) - 1]
    if (!account) throw new Error(`the sandbox has no account for cached connection ${c.name}`)
    await app.handlers['connections.update']({ id: c.id, baseUrl: account.baseUrl, token: account.token })
  }
}

export interface SyncFigures {
  seconds: number
  peakRssMB: number | null
  /** HTTP requests Lead Manager made, by platform. */
  requests: Record<Platform, number>
  appCpuSeconds: number
  /** Of appCpuSeconds, the JS thread's (null where /proc is not there to read it). */
  jsThreadCpuSeconds: number | null
  /** Lead rows inserted or updated by the sync (their synced_at moved). */
  rowsWritten: number
  /** Every row change the writer connection made (total_changes(): triggers, checkpoints, states). */
  allChanges: number
  /** Wall time per connection id, from the start to its 'done'. */
  perConnection: Record<string, number>
}

/**
 * Runs one sync of `connectionId` (or of every connection) the way the app does and measures it.
 * Requests are counted where they arrive: the sandbox's own counter.
 */
export async function measuredSync(
  app: App,
  sandbox: Pick<SandboxAdmin, 'requests'>,
  connectionId?: string
): Promise<SyncFigures> {
  const requestsBefore = await sandbox.requests()
  const totalChanges = (): Promise<number> =>
    app.db.write(async (tx) => (await tx.get<{ n: number }>('SELECT total_changes() AS n'))!.n)
  const changesBefore = await totalChanges()
  const perConnection: Record<string, number> = {}
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const unsubscribe = app.events.subscribe((name, payload) => {
    const p = payload as { connectionId: string; phase: string }
    if (name === 'sync.progress' && p.phase === 'done') {
      perConnection[p.connectionId] = (performance.now() - started) / 1000
    }
  })
  const cpuBefore = process.cpuUsage()
  const jsBefore = threadCpuSeconds(process.pid, process.pid)
  const peak = startPeak()
  try {
    await app.sync.run(connectionId)
    await app.sync.idle()
  } finally {
    unsubscribe()
  }
  const seconds = (performance.now() - started) / 1000
  const peakRssMB = peak()
  const cpu = process.cpuUsage(cpuBefore)
  const jsAfter = threadCpuSeconds(process.pid, process.pid)
  const failed = await app.db.all<{ name: string; state_message: string }>(
    "SELECT name, state_message FROM connections WHERE state <> 'ok'" + (connectionId ? ' AND id = ?' : ''),
    connectionId ? [connectionId] : []
  )
  if (failed.length) throw new Error(`the sync did not complete: ${JSON.stringify(failed)}`)
  const written = await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads WHERE synced_at >= ?', [startedAt])
  const requestsAfter = await sandbox.requests()
  const requests = { ...requestsAfter }
  for (const platform of Object.keys(requests) as Platform[]) requests[platform] -= requestsBefore[platform]
  return {
    seconds,
    peakRssMB,
    requests,
    appCpuSeconds: (cpu.user + cpu.system) / 1e6,
    jsThreadCpuSeconds: jsBefore === null || jsAfter === null ? null : jsAfter - jsBefore,
    rowsWritten: written!.n,
    allChanges: (await totalChanges()) - changesBefore,
    perConnection
  }
}

export function totalRequests(requests: Record<Platform, number>): number {
  return requests['express-chat'] + requests['chatbot-com'] + requests.chatzuri
}

export interface ChildSync extends SyncFigures {
  /** Leads in the database after the sync. */
  leads: number
}

/** Runs `job` in a fresh Lead Manager process (bench/frame/sync-worker.ts) and returns each sync's figures. */
export async function syncInChild(root: string, job: WorkerJob): Promise<ChildSync[]> {
  return (await workerLines(root, 'sync-worker.ts', job)).map((line) => JSON.parse(line) as ChildSync)
}
