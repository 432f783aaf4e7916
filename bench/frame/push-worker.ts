/**
 * The outbox push of many queued edits, in a Lead Manager process of its own (as sync-worker.ts is
 * for a sync): on a copy of the cache, it queues `edits` edits through the bulk-edit handler, the
 * path the app takes, then pushes them and measures the push alone. Spawned by `pushInChild`: one
 * JSON argument in, one JSON line out.
 */
import type { Platform } from '../../src/shared/contract/model'
import type { SandboxAccounts } from '../../src/main/sandbox'
import { benchApp, reconnectAll } from './app'
import { startPeak } from './rss'
import { sandboxAdmin, type AdminAddress } from './sandbox'

export interface PushJob {
  dataDir: string
  accounts: SandboxAccounts
  admin: AdminAddress
  /** Edits to queue and push, one per lead, over the platforms Lead Manager writes to. */
  edits: number
}

export interface PushFigures {
  /** Edits the bulk edit queued for the platforms (Chatzuri's stay local and are not chosen). */
  queued: number
  /** From the first push started to the last edit settled. */
  seconds: number
  delivered: number
  failed: number
  /** Still waiting when the pushes stopped (0 when all went). */
  waiting: number
  /** Pushes started: one, unless a push stopped (429s past its retries) and had to be started again. */
  rounds: number
  requests: Record<Platform, number>
  limited: Record<Platform, number>
  peakRssMB: number | null
  appCpuSeconds: number
}

/** A push that stops (a 429 past its retries) is started again, as the app's retry would: at most this many. */
const MAX_ROUNDS = 20

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as PushJob
  const app = await benchApp(job.dataDir)
  try {
    await reconnectAll(app, job.accounts)
    const admin = sandboxAdmin(job.admin)
    // Leads of the writable platforms, spread over their connections by a fixed shuffle of the ids.
    const ids = await app.db.all<{ id: number }>(
      `SELECT l.id FROM leads l JOIN connections c ON c.id = l.connection_id
       WHERE c.platform IN ('express-chat', 'chatbot-com') AND c.archived = 0
       ORDER BY (l.id * 2654435761) % 4294967296 LIMIT ?`,
      [job.edits]
    )
    const applied = await app.handlers['bulk.apply']({
      jobId: 'bench-push',
      selection: { kind: 'ids', ids: ids.map((r) => r.id) },
      action: { kind: 'addTags', tags: ['bench-push'] }
    })
    const connectionIds = (
      await app.db.all<{ id: string }>(
        "SELECT DISTINCT connection_id AS id FROM outbox WHERE state = 'pending' ORDER BY connection_id"
      )
    ).map((r) => r.id)
    const requestsBefore = await admin.requests()
    const limitedBefore = await admin.limited()
    const cpuBefore = process.cpuUsage()
    const peak = startPeak()
    const started = performance.now()
    let rounds = 0
    let waiting = applied.queued
    while (waiting > 0 && rounds < MAX_ROUNDS) {
      rounds++
      app.sync.pushNow(connectionIds)
      await app.sync.idle()
      waiting = (await app.db.get<{ n: number }>(
        "SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sending')"
      ))!.n
    }
    const seconds = (performance.now() - started) / 1000
    const peakRssMB = peak()
    const cpu = process.cpuUsage(cpuBefore)
    const states = await app.db.all<{ state: string; n: number }>(
      'SELECT state, count(*) AS n FROM outbox GROUP BY state'
    )
    const count = (state: string): number => states.find((s) => s.state === state)?.n ?? 0
    const diff = (after: Record<Platform, number>, before: Record<Platform, number>): Record<Platform, number> => ({
      'express-chat': after['express-chat'] - before['express-chat'],
      'chatbot-com': after['chatbot-com'] - before['chatbot-com'],
      chatzuri: after.chatzuri - before.chatzuri
    })
    const figures: PushFigures = {
      queued: applied.queued,
      seconds,
      delivered: count('delivered'),
      failed: count('failed'),
      waiting,
      rounds,
      requests: diff(await admin.requests(), requestsBefore),
      limited: diff(await admin.limited(), limitedBefore),
      peakRssMB,
      appCpuSeconds: (cpu.user + cpu.system) / 1e6
    }
    process.stdout.write(JSON.stringify(figures) + '\n')
  } finally {
    await app.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
