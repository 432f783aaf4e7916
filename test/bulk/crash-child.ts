// One run of the app in its own process, for the bulk-edit crash test. `setup`: connect to the
// sandbox and pull everything. `edit`: one bulk edit (an attribute set to a value unique to the
// run) over a selection picked from the seed, then `DONE STATEMENTS <n>`. With CRASH_KILL_AT=N it
// SIGKILLs itself right after issuing the N-th SQL statement of any write transaction (so that
// statement is in flight), or before the COMMIT of the transaction it falls in. A statement
// count, unlike a time, names the same moment of the work on any machine: a seed replays its kills.
// `final`: one sync, which pushes what the edits queued.
import type { BulkResult, LeadStatus } from '../../src/shared/contract'
import { Database, type Tx } from '../../src/main/db'
import type { SandboxAccounts } from '../../src/main/sandbox'
import { Rng } from '../../src/main/sandbox/random'
import { startTestApp } from '../helpers/app'

const killAt = Number(process.env.CRASH_KILL_AT || 0)
let statements = 0

function die(): never {
  process.kill(process.pid, 'SIGKILL')
  throw new Error('unreachable: SIGKILL')
}

function dyingTx(tx: Tx): Tx {
  const issue = <R>(call: () => Promise<R>): Promise<R> => {
    const pending = call()
    if (++statements === killAt) die()
    return pending
  }
  return {
    run: (sql, params) => issue(() => tx.run(sql, params)),
    all: (sql, params) => issue(() => tx.all(sql, params)),
    get: (sql, params) => issue(() => tx.get(sql, params)),
    exec: (sql) => issue(() => tx.exec(sql))
  }
}

// Every write of the app goes through Database.write (one queue): counting there counts them all.
const write = Database.prototype.write
Database.prototype.write = function <T>(this: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return write.call(this, async (tx: Tx) => {
    const result = await fn(dyingTx(tx))
    if (killAt > 0 && statements >= killAt) die() // the kill point fell in this transaction: before COMMIT
    return result
  }) as Promise<T>
}

const STATUSES: LeadStatus[] = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED']

async function main(): Promise<void> {
  const [dataDir, mode, value, pickSeed] = process.argv.slice(2)
  const app = await startTestApp({ dataDir: dataDir! })
  if (mode === 'setup') {
    const accounts = JSON.parse(process.env.CRASH_ACCOUNTS!) as SandboxAccounts
    for (const a of accounts.expressChat) {
      const { baseUrl, botId, customerId, token, brand } = a
      await app.call('connections.create', {
        platform: 'express-chat',
        brand,
        name: brand,
        baseUrl,
        botId,
        customerId,
        token
      })
    }
    for (const a of accounts.chatbotCom)
      await app.call('connections.create', { platform: 'chatbot-com', name: 'cb', baseUrl: a.baseUrl, token: a.token })
    for (const a of accounts.chatzuri) {
      const { baseUrl, agentId, token } = a
      await app.call('connections.create', { platform: 'chatzuri', name: 'cz', baseUrl, agentId, token })
    }
    await app.call('sync.run', {})
    await app.sync.idle()
  } else if (mode === 'edit') {
    // Most runs edit every lead (10,000); some a few statuses' worth, so selections differ in size.
    const rng = new Rng(Number(pickSeed))
    const filters = rng.int(3) === 0 ? { status: STATUSES.filter(() => rng.int(2) === 0) } : {}
    process.stdout.write(`START ${value}\n`)
    const result = await app.call<BulkResult>('bulk.apply', {
      jobId: `crash-${value}`,
      selection: { kind: 'query', query: { filters }, except: [] },
      action: { kind: 'setAttribute', key: 'crash_run', value }
    })
    process.stdout.write(`ACK ${result.bulkId} ${value} ${result.changed}\n`)
  } else if (mode === 'final') {
    await app.call('sync.run', {})
    await app.sync.idle()
  }
  await app.close()
  process.stdout.write(`DONE STATEMENTS ${statements}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
