import { BRAND_LABELS, type Connection } from '../../shared/contract'
import type { ConnectionFields, ConnectionService } from '../connections'
import type { RunningSandbox, SandboxAccounts } from '../sandbox'
import type { SyncService } from '../sync'

export interface DemoDeps {
  connections: ConnectionService
  sync: Pick<SyncService, 'runInBackground' | 'forget'>
}

const DEMO_SEED = 20261121
const DEMO_LEADS = Number(process.env.LEADS_DEMO_LEADS ?? 3000)
const DEMO_CHATS = Number(process.env.LEADS_DEMO_CHATS ?? 300)

/**
 * The demo workspace: the provider sandbox, started inside this process on a free loopback port,
 * with one connection per seeded account. Its data is deterministic, so after a restart the same
 * accounts (and tokens) come back on a new port.
 */
export class DemoWorkspace {
  private sandbox: RunningSandbox | null = null
  private starting: Promise<RunningSandbox> | null = null

  constructor(private readonly deps: DemoDeps) {}

  get baseUrl(): string | null {
    return this.sandbox?.url ?? null
  }

  private async ensureSandbox(): Promise<RunningSandbox> {
    if (this.sandbox) return this.sandbox
    this.starting ??= import('../sandbox')
      .then(({ startSandbox }) =>
        startSandbox({
          port: 0,
          seed: DEMO_SEED,
          leads: DEMO_LEADS,
          chats: DEMO_CHATS,
          adminToken: process.env.SANDBOX_ADMIN_TOKEN
        })
      )
      .then((sandbox) => (this.sandbox = sandbox))
      .finally(() => (this.starting = null))
    return this.starting
  }

  /** Demo connections left from an earlier run point at a port that is gone: restart and repoint. */
  async resume(): Promise<void> {
    const demos = await this.activeDemos()
    if (demos.length === 0) return
    const sandbox = await this.ensureSandbox()
    const fields = demoFields(sandbox.accounts)
    for (const demo of demos) {
      const match = fields.find((f) => sameAccount(f.fields, demo))
      if (match) await this.deps.connections.moveTo(demo, match.fields.baseUrl!, match.token)
    }
  }

  async start(): Promise<Connection[]> {
    if ((await this.activeDemos()).length > 0) {
      await this.resume()
      this.deps.sync.runInBackground()
      return this.activeDemos()
    }
    const sandbox = await this.ensureSandbox()
    const created: Connection[] = []
    for (const { fields, token } of demoFields(sandbox.accounts)) {
      created.push(await this.deps.connections.create({ ...fields, token }, true))
    }
    for (const connection of created) this.deps.sync.runInBackground(connection.id)
    return created
  }

  async remove(): Promise<number> {
    for (const demo of (await this.deps.connections.list()).filter((c) => c.isDemo)) {
      await this.deps.sync.forget(demo.id)
    }
    const removed = await this.deps.connections.removeDemo()
    await this.stop()
    return removed
  }

  private async activeDemos(): Promise<Connection[]> {
    return (await this.deps.connections.list()).filter((c) => c.isDemo && !c.archived)
  }

  async stop(): Promise<void> {
    const sandbox = this.sandbox ?? (this.starting ? await this.starting.catch(() => null) : null)
    this.sandbox = null
    await sandbox?.close()
  }
}

function demoFields(accounts: SandboxAccounts): { fields: ConnectionFields; token: string }[] {
  return [
    ...accounts.expressChat.map((a) => ({
      fields: {
        platform: 'express-chat' as const,
        brand: a.brand,
        name: `Demo · ${BRAND_LABELS[a.brand]}`,
        baseUrl: a.baseUrl,
        botId: a.botId,
        customerId: a.customerId
      },
      token: a.token
    })),
    ...accounts.chatbotCom.map((a, i) => ({
      fields: {
        platform: 'chatbot-com' as const,
        name: `Demo · ChatBot.com${i ? ` ${i + 1}` : ''}`,
        baseUrl: a.baseUrl
      },
      token: a.token
    })),
    ...accounts.chatzuri.map((a, i) => ({
      fields: {
        platform: 'chatzuri' as const,
        name: `Demo · Chatzuri${i ? ` ${i + 1}` : ''}`,
        baseUrl: a.baseUrl,
        agentId: a.agentId
      },
      token: a.token
    }))
  ]
}

function sameAccount(fields: ConnectionFields, connection: Connection): boolean {
  return (
    fields.platform === connection.platform &&
    (fields.botId ?? null) === connection.botId &&
    (fields.customerId ?? null) === connection.customerId &&
    (fields.agentId ?? null) === connection.agentId
  )
}
