import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { App } from './compose'
import { databaseFile } from './data-files'
import { Database } from './db'
import { EventBus } from './events'
import { firstPageGate } from './first-page-gate'
import { makePrivateDir } from './private-files'
import { guardProcess } from './process-guards'
import { describeStartupError } from './startup-errors'
import { startHttpServer } from './transports/http-server'

/** With no page calling sooner, when the app loads anyway. */
const APP_LOAD_LATEST_MS = 1000

interface Args {
  port: number
  dataDir: string
  open: boolean
  staticDir: string
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const port = Number(value('--port') ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${value('--port')}`)
  return {
    port,
    dataDir: resolve(value('--data-dir') ?? process.env.LEADS_DATA_DIR ?? join(homedir(), '.lead-manager')),
    open: argv.includes('--open'),
    // Run from the build (out/main/browser.js): the renderer bundle sits beside it in out/renderer.
    staticDir: resolve(value('--static-dir') ?? join(__dirname, '../renderer'))
  }
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  spawn(command, [url], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref()
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  // What can stop a start (the folder, the database: too new, damaged, locked, a full disk) is
  // checked before the address is given out, so a failed start never prints one.
  let db: Database
  try {
    makePrivateDir(args.dataDir)
    db = await Database.open(databaseFile(args.dataDir))
  } catch (err) {
    throw new StartupError(describeStartupError(err, args.dataDir), { cause: err })
  }
  // The rest of the app (every domain's handlers, the contract's schemas, the connectors) is most
  // of a start's work, and loading it holds the one thread that serves the page its files. It loads
  // on the page's first call, which comes once the page has its code and runs it while the app loads;
  // with no page asking, a little later (the sync on start needs the app).
  const gate = firstPageGate()
  const events = new EventBus()
  let ready: App | null = null
  let starting: Promise<App> | null = null
  const app = (): Promise<App> =>
    (starting ??= import('./compose').then(async ({ createApp }) => {
      const built = await createApp({ dataDir: args.dataDir, db, events, schedule: true, firstSyncAfter: gate.served })
      guardProcess((message, err) => built.logger.error(message, err))
      ready = built
      return built
    }))
  const server = await startHttpServer({
    dispatch: gate.dispatch(async (method, input) => (await app()).dispatch(method, input)),
    events,
    // A download exists only once the app made it.
    downloads: { openDownload: (secret) => ready?.csv.openDownload(secret) ?? null },
    staticDir: args.staticDir,
    port: args.port,
    receiveUpload: async (name, body) => {
      const [{ saveUpload }] = await Promise.all([import('./csv'), app()])
      return saveUpload(args.dataDir, name, body)
    }
  })
  setTimeout(() => {
    app().catch((err: unknown) => {
      process.stderr.write(`${describeStartupError(err, args.dataDir)}\n`)
      process.exit(1)
    })
  }, APP_LOAD_LATEST_MS)
  const link = `${server.url}/#token=${server.token}`
  process.stdout.write(`Lead Manager is running at ${link}\n`)
  if (args.open) openInBrowser(link)

  const shutdown = (): void => {
    void server
      .close()
      // Closed by the app when it was built; before that, the database is all there is to close.
      .then(() => (starting ? starting.then((built) => built.close()) : db.close()))
      .catch((err: unknown) => ready?.logger.error('could not close cleanly', err))
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

/** A startup failure already put in words for the user. */
class StartupError extends Error {}

main().catch((err: unknown) => {
  const words = err instanceof StartupError ? err.message : `Lead Manager could not start: ${String(err)}`
  process.stderr.write(`${words}\n`)
  process.exit(1)
})
