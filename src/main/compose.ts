// The composition root: the one place that builds the app. Each service gets exactly what it uses,
// built before it, so reading top to bottom shows who needs whom. Nothing is filled in afterwards,
// and no domain imports this file (the cycles gate checks).
import { join } from 'node:path'
import type { Handlers } from '../shared/contract'
import { appHandlers } from './app/handlers'
import { BulkService } from './bulk'
import { bulkHandlers } from './bulk/handlers'
import { boundHeapGrowth } from './heap'
import { systemClock, type Clock } from './clock'
import { ConnectionService } from './connections'
import { connectionHandlers } from './connections/handlers'
import { CsvExportService, ExportPresets, importHandlers, type ChooseSaveFile } from './csv'
import { csvExportHandlers } from './csv/handlers'
import { dashboardHandlers } from './dashboard'
import { Database } from './db'
import { DemoWorkspace } from './demo'
import { demoHandlers } from './demo/handlers'
import { EventBus } from './events'
import { LeadService } from './leads'
import { detailHandlers } from './leads/detail-handlers'
import { leadHandlers } from './leads/handlers'
import { tableHandlers } from './leads/table-handlers'
import { fileLogger, type Logger } from './logger'
import { makePrivateDir } from './private-files'
import { createConnector } from './providers'
import { createRouter, type Dispatch } from './rpc'
import { KeytarSecretStore, type SecretStore } from './secrets'
import { SettingsStore } from './settings'
import { NetworkMonitor, SyncService } from './sync'
import { syncHandlers } from './sync/handlers'
import { APP_VERSION } from './version'
import { viewHandlers } from './views/handlers'

export interface AppOptions {
  dataDir: string
  secrets?: SecretStore
  logger?: Logger
  clock?: Clock
  /** Start the scheduler (sync on start and every N minutes). Off in most tests. */
  schedule?: boolean
  /** The sync on start waits for this (browser mode: the first page of leads served); without it, it starts at once. */
  firstSyncAfter?: Promise<void>
  /** The operating system's word on the network (Electron's net.isOnline), where there is one. */
  isOnline?: () => boolean
  /** The desktop app's native save dialog; absent in browser mode, where exports download instead. */
  chooseSaveFile?: ChooseSaveFile
  /** The native open dialog for a CSV import (Electron); absent in browser mode, where the page uploads the file. */
  pickFile?: () => Promise<string | null>
}

/** The built app: its services, for the entry points (transports) and tests; no domain sees this. */
export interface App {
  dataDir: string
  db: Database
  events: EventBus
  logger: Logger
  secrets: SecretStore
  network: NetworkMonitor
  connections: ConnectionService
  leads: LeadService
  bulk: BulkService
  sync: SyncService
  demo: DemoWorkspace
  csv: CsvExportService
  handlers: Handlers
  dispatch: Dispatch
  close(): Promise<void>
}

export function resolveDataDir(explicit: string | undefined, fallback: string): string {
  return explicit ?? process.env.LEADS_DATA_DIR ?? fallback
}

export async function createApp(options: AppOptions): Promise<App> {
  const { dataDir } = options
  makePrivateDir(dataDir)
  boundHeapGrowth()

  // What everything stands on.
  const logger = options.logger ?? fileLogger(join(dataDir, 'logs', 'lead-manager.log'))
  const clock = options.clock ?? systemClock
  const db = await Database.open(join(dataDir, 'leads.sqlite'))
  const secrets = options.secrets ?? new KeytarSecretStore({ logger })
  const events = new EventBus()
  const settings = new SettingsStore(db)
  // A full disk or a lock appearing or going away changes what the header says.
  db.onProblemChange(() => events.emit('data.changed', { entity: 'connections', connectionId: null }))

  // The services, each after the ones it calls.
  const network = new NetworkMonitor(events, options.isOnline)
  const connections = new ConnectionService({ db, secrets, events, logger, clock, connect: createConnector })
  const leads = new LeadService({ db, connections, clock })
  const sync = new SyncService({ db, connections, network, events, logger, clock, settings })
  const demo = new DemoWorkspace({ connections, sync })
  const csv = new CsvExportService({ db, events, logger })
  const presets = new ExportPresets(settings)
  const bulk = new BulkService({ db, events, clock })

  // One handler map per domain, each given the services it uses; the compiler checks none is missing.
  const handlers: Handlers = {
    ...appHandlers({ dataDir, secrets, network, sync, events }),
    ...connectionHandlers({ connections, sync }),
    ...syncHandlers({ sync }),
    ...leadHandlers({ leads, sync, events }),
    ...bulkHandlers({ bulk, sync, events }),
    ...tableHandlers({ db }),
    ...detailHandlers({ db, connections, clock }),
    ...viewHandlers({ db, events, clock }),
    ...demoHandlers({ demo }),
    ...csvExportHandlers({ csv, presets, events, chooseSaveFile: options.chooseSaveFile }),
    ...importHandlers({ dataDir, db, events, clock, connections, sync, pickFile: options.pickFile }),
    ...dashboardHandlers({ db, clock })
  }
  const dispatch = createRouter(handlers, { logger, validateOutput: process.env.LEADS_VALIDATE_OUTPUT === '1' })

  await demo.resume().catch((err: unknown) => logger.error('could not restart the demo workspace', err))
  await sync.start({ schedule: options.schedule ?? false, firstRunAfter: options.firstSyncAfter })
  logger.info(`Lead Manager ${APP_VERSION} opened ${db.file}`)
  return {
    dataDir,
    db,
    events,
    logger,
    secrets,
    network,
    connections,
    leads,
    bulk,
    sync,
    demo,
    csv,
    handlers,
    dispatch,
    async close() {
      await sync.stop()
      await demo.stop()
      await csv.stop()
      await secrets.close?.()
      await db.close()
    }
  }
}
