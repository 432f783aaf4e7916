import { randomUUID } from 'node:crypto'
import { BRAND_LABELS, type Connection } from '../../shared/contract'
import type { AppContext } from '../app-context'
import { insertConnection, listConnections, updateConnectionRecord } from '../connections/repository'
import { recordOf, resolveConnection, type ConnectionFields } from '../connections/settings'
import { saveToken } from '../connections'
import type { RunningSandbox, SandboxAccounts } from '../sandbox'

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

  constructor(private readonly ctx: AppContext) {}

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
    const demos = (await listConnections(this.ctx.db)).filter((c) => c.isDemo && !c.archived)
    if (demos.length === 0) return
    const sandbox = await this.ensureSandbox()
    const fields = demoFields(sandbox.accounts)
    const moves = demos.flatMap((demo) => {
      const match = fields.find((f) => sameAccount(f.fields, demo))
      return match ? [{ demo, baseUrl: match.fields.baseUrl!, token: match.token }] : []
    })
    // A token is bound to the address it was saved for: the sandbox's new port needs it saved again.
    for (const { demo, baseUrl, token } of moves) await saveToken(this.ctx.secrets, demo.id, token, baseUrl)
    await this.ctx.db.write(async (tx) => {
      for (const { demo, baseUrl } of moves) {
        await updateConnectionRecord(tx, { ...recordOf(demo), baseUrl }, this.ctx.now())
      }
    })
  }

  async start(): Promise<Connection[]> {
    const existing = (await listConnections(this.ctx.db)).filter((c) => c.isDemo && !c.archived)
    if (existing.length > 0) {
      await this.resume()
      this.ctx.sync.runInBackground()
      return listConnections(this.ctx.db).then((all) => all.filter((c) => c.isDemo && !c.archived))
    }
    const sandbox = await this.ensureSandbox()
    const created: string[] = []
    for (const { fields, token } of demoFields(sandbox.accounts)) {
      const record = resolveConnection(randomUUID(), fields, true)
      await saveToken(this.ctx.secrets, record.id, token, record.baseUrl)
      await this.ctx.db.write((tx) => insertConnection(tx, record, this.ctx.now()))
      created.push(record.id)
    }
    this.ctx.events.emit('data.changed', { entity: 'connections', connectionId: null })
    for (const id of created) this.ctx.sync.runInBackground(id)
    const all = await listConnections(this.ctx.db)
    return all.filter((c) => created.includes(c.id))
  }

  async remove(): Promise<number> {
    const demos = (await listConnections(this.ctx.db)).filter((c) => c.isDemo)
    for (const demo of demos) {
      await this.ctx.sync.forget(demo.id)
      await this.ctx.secrets.delete(demo.id).catch(() => undefined)
    }
    await this.ctx.db.write((tx) => tx.run('DELETE FROM connections WHERE is_demo = 1'))
    await this.stop()
    this.ctx.events.emit('data.changed', { entity: 'connections', connectionId: null })
    this.ctx.events.emit('data.changed', { entity: 'leads', connectionId: null })
    return demos.length
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
