import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Handlers } from '../shared/contract'
import type { ConnectionRecord } from './connections/repository'
import { Database } from './db/database'
import { EventBus } from './events'
import { fileLogger, type Logger } from './logger'
import type { Connector } from './providers/connector'
import { createConnector } from './providers'
import { createRouter, type Dispatch } from './rpc/router'
import { KeytarSecretStore } from './secrets/keytar-store'
import type { SecretStore } from './secrets/secret-store'
import { buildHandlers } from './handlers'
import { SyncService } from './sync/service'
import { DemoWorkspace } from './demo/workspace'
import { NetworkMonitor } from './sync/network'
import { APP_VERSION } from './version'

/** Everything the domain handlers share. Built once per process; nothing in it needs a window. */
export interface AppContext {
  dataDir: string
  db: Database
  secrets: SecretStore
  events: EventBus
  logger: Logger
  sync: SyncService
  demo: DemoWorkspace
  network: NetworkMonitor
  createConnector(record: ConnectionRecord, token: string): Connector
  now(): string
  /** The native open dialog (Electron); absent in browser mode, where the page uploads the file. */
  pickFile?: () => Promise<string | null>
}

export interface AppOptions {
  dataDir: string
  secrets?: SecretStore
  logger?: Logger
  /** Start the scheduler (sync on start and every N minutes). Off in most tests. */
  schedule?: boolean
  pickFile?: () => Promise<string | null>
}

export interface App {
  ctx: AppContext
  handlers: Handlers
  dispatch: Dispatch
  close(): Promise<void>
}

export function resolveDataDir(explicit: string | undefined, fallback: string): string {
  return explicit ?? process.env.LEADS_DATA_DIR ?? fallback
}

export async function createApp(options: AppOptions): Promise<App> {
  mkdirSync(options.dataDir, { recursive: true })
  const logger = options.logger ?? fileLogger(join(options.dataDir, 'logs', 'lead-manager.log'))
  const db = await Database.open(join(options.dataDir, 'leads.sqlite'))
  const events = new EventBus()
  const ctx = {
    dataDir: options.dataDir,
    db,
    secrets: options.secrets ?? new KeytarSecretStore(),
    events,
    logger,
    createConnector: (record: ConnectionRecord, token: string) =>
      createConnector({
        platform: record.platform,
        brand: record.brand,
        baseUrl: record.baseUrl,
        token,
        botId: record.botId,
        customerId: record.customerId,
        agentId: record.agentId
      }),
    now: () => new Date().toISOString(),
    pickFile: options.pickFile
  } as AppContext
  ctx.network = new NetworkMonitor(ctx)
  ctx.sync = new SyncService(ctx)
  ctx.demo = new DemoWorkspace(ctx)
  const handlers = buildHandlers(ctx)
  const dispatch = createRouter(handlers, {
    logger,
    validateOutput: process.env.LEADS_VALIDATE_OUTPUT === '1'
  })
  await ctx.demo.resume().catch((err: unknown) => logger.error('could not restart the demo workspace', err))
  await ctx.sync.start({ schedule: options.schedule ?? false })
  logger.info(`Lead Manager ${APP_VERSION} opened ${db.file}`)
  return {
    ctx,
    handlers,
    dispatch,
    async close() {
      await ctx.sync.stop()
      await ctx.demo.stop()
      await db.close()
    }
  }
}
