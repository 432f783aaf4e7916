// One run of the app in its own process, for the crash test: connect (first time), make a few
// edits, sync, then print `DONE <states> WRITES <n>`. With CRASH_KILL_AT=W:S it SIGKILLs itself
// during its W-th write transaction, right after issuing statement S (so the statement is in
// flight), or just before COMMIT when the transaction has fewer statements. A kill point, unlike a
// kill time, names the same moment of the work on any machine, so a seed replays the same crashes.
import type { Connection } from '../../src/shared/contract'
import { Database, type Tx } from '../../src/main/db'
import type { SandboxAccounts } from '../../src/main/sandbox'
import { startTestApp } from '../helpers/app'

const killAt = /^(\d+):(\d+)$/.exec(process.env.CRASH_KILL_AT ?? '')
const killWrite = killAt ? Number(killAt[1]) : 0
const killStatement = killAt ? Number(killAt[2]) : 0
let writes = 0

function die(): never {
  process.kill(process.pid, 'SIGKILL')
  throw new Error('unreachable: SIGKILL')
}

/** The transaction as handed to the app, dying right after issuing its `killStatement`-th statement. */
function dyingTx(tx: Tx): Tx {
  let issued = 0
  const issue = <R>(call: () => Promise<R>): Promise<R> => {
    const pending = call()
    if (issued++ === killStatement) die()
    return pending
  }
  return {
    run: (sql, params) => issue(() => tx.run(sql, params)),
    all: (sql, params) => issue(() => tx.all(sql, params)),
    get: (sql, params) => issue(() => tx.get(sql, params)),
    exec: (sql) => issue(() => tx.exec(sql))
  }
}

// Every write of the app goes through Database.write (one queue), so counting them here counts them all.
const write = Database.prototype.write
Database.prototype.write = function <T>(this: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const n = ++writes
  const original = write.bind(this)
  if (n !== killWrite) return original(fn)
  return original(async (tx) => {
    await fn(dyingTx(tx))
    return die() // fewer statements than killStatement: die before COMMIT
  })
}

async function main(): Promise<void> {
  const [dataDir, editsArg, pickSeed] = process.argv.slice(2)
  const accounts = JSON.parse(process.env.CRASH_ACCOUNTS!) as SandboxAccounts
  const app = await startTestApp({ dataDir: dataDir! })
  const existing = await app.call<Connection[]>('connections.list')
  if (existing.length === 0) {
    for (const a of accounts.expressChat) {
      await app.call('connections.create', {
        platform: 'express-chat',
        brand: a.brand,
        name: a.brand,
        baseUrl: a.baseUrl,
        botId: a.botId,
        customerId: a.customerId,
        token: a.token
      })
    }
    for (const a of accounts.chatbotCom)
      await app.call('connections.create', { platform: 'chatbot-com', name: 'cb', baseUrl: a.baseUrl, token: a.token })
    for (const a of accounts.chatzuri)
      await app.call('connections.create', {
        platform: 'chatzuri',
        name: 'cz',
        baseUrl: a.baseUrl,
        agentId: a.agentId,
        token: a.token
      })
  }
  // Each lead is edited at most once over the whole test, so its final value is unambiguous. The
  // leads are picked in an order keyed by the parent's seed (a multiplicative hash), not by random().
  const edits = Number(editsArg ?? 0)
  const targets = await app.db.all<{ id: number; remote_id: string; connection_id: string; status: string | null }>(
    `SELECT l.id, l.remote_id, l.connection_id, l.status FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.platform <> 'chatzuri' AND l.kind = 'lead' AND l.id NOT IN (SELECT lead_id FROM outbox)
     ORDER BY (l.id * 2654435761 + ?) % 4294967296, l.id LIMIT ?`,
    [Number(pickSeed ?? 0), edits]
  )
  for (const lead of targets) {
    const status = lead.status === 'DEPENDANCY' ? 'ONHOLD' : 'DEPENDANCY'
    await app.call('leads.update', { ids: [lead.id], patch: { status } })
    process.stdout.write(`ACK ${lead.id} ${lead.connection_id} ${lead.remote_id} ${status}\n`)
  }
  await app.call('sync.run', {})
  await app.sync.idle()
  const states = (await app.call<Connection[]>('connections.list')).map((c) => c.state)
  await app.close()
  process.stdout.write(`DONE ${states.join(',')} WRITES ${writes}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
