// The app as browser mode runs it (createApp + the loopback HTTP server, scheduler on), in its own
// process, so a test can see whether anything kills it. Nothing here catches what the app leaves
// unhandled. On stdin the test plays the disk: `max_page_count N` caps the database's size (what a
// full disk does to SQLite), answered with `max_page_count=<value now>` on stdout.
import { createInterface } from 'node:readline'
import { createApp } from '../../src/main/compose'
import { startHttpServer } from '../../src/main/transports/http-server'

async function main(): Promise<void> {
  const dataDir = process.argv[2]!
  const app = await createApp({ dataDir, schedule: true })
  const server = await startHttpServer({ dispatch: app.dispatch, events: app.events, staticDir: null })
  process.stdout.write(`READY ${JSON.stringify({ url: server.url, token: server.token })}\n`)
  createInterface({ input: process.stdin }).on('line', (line) => {
    const match = /^max_page_count (\d+)$/.exec(line.trim())
    if (!match) return
    void app.db
      .write((tx) => tx.get<{ max_page_count: number }>(`PRAGMA max_page_count = ${Number(match[1])}`))
      .then((row) => process.stdout.write(`max_page_count=${row?.max_page_count}\n`))
      .catch((err: unknown) => process.stdout.write(`max_page_count failed: ${(err as Error).message}\n`))
  })
}

void main().catch((err: unknown) => {
  process.stderr.write(`app-child could not start: ${(err as Error).stack}\n`)
  process.exit(1)
})
