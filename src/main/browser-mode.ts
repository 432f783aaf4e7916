import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp, type App } from './compose'
import { saveUpload } from './csv'
import { guardProcess } from './process-guards'
import { firstPageGate } from './first-page-gate'
import { describeStartupError } from './startup-errors'
import { startHttpServer } from './transports/http-server'

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
  const gate = firstPageGate()
  let app: App
  try {
    app = await createApp({ dataDir: args.dataDir, schedule: true, firstSyncAfter: gate.served })
  } catch (err) {
    throw new StartupError(describeStartupError(err, args.dataDir), { cause: err })
  }
  guardProcess((message, err) => app.logger.error(message, err))
  const server = await startHttpServer({
    dispatch: gate.dispatch(app.dispatch),
    events: app.events,
    downloads: app.csv,
    staticDir: args.staticDir,
    port: args.port,
    receiveUpload: (name, body) => saveUpload(app.dataDir, name, body)
  })
  const link = `${server.url}/#token=${server.token}`
  process.stdout.write(`Lead Manager is running at ${link}\n`)
  if (args.open) openInBrowser(link)

  const shutdown = (): void => {
    void server
      .close()
      .then(() => app.close())
      .catch((err: unknown) => app.logger.error('could not close cleanly', err))
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
