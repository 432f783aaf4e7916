/**
 * `npm run bench`: a first sync of 100,000 leads from the provider sandbox (running in its own
 * process, as a real platform would), beside the sqlite3 shell's `.import` of the same rows into
 * the same schema. Prints a table. Options: --leads N (default 100000).
 */
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Papa from 'papaparse'
import { createApp } from '../src/main/app-context'
import { Database } from '../src/main/db/database'
import { fileLogger } from '../src/main/logger'
import type { SandboxAccounts } from '../src/main/sandbox'
import type { SecretStore } from '../src/main/secrets/secret-store'
import { sqliteShell } from './sqlite-shell'

const root = join(__dirname, '..')
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const LEADS = arg('--leads', 100_000)

/** The benchmark measures sync, not the keychain: tokens stay in memory for its one run. */
class MemorySecretStore implements SecretStore {
  readonly description = 'memory (benchmark only)'
  private readonly secrets = new Map<string, string>()
  async availability(): ReturnType<SecretStore['availability']> {
    return { available: true, state: 'available', message: null }
  }
  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null
  }
  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }
  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account)
  }
}

/** CPU seconds a process has used so far (Linux), to show what the sandbox takes from the 2 cores. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

async function startSandboxProcess(): Promise<{
  accounts: SandboxAccounts
  stop: () => void
  cpu: () => number | null
}> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/sandbox/cli.ts',
      '--port',
      '0',
      '--seed',
      '5',
      '--leads',
      String(LEADS),
      '--chats',
      '0'
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const lines = createInterface({ input: child.stdout })
  for await (const line of lines) {
    if (line.startsWith('{')) {
      return {
        accounts: JSON.parse(line) as SandboxAccounts,
        stop: () => child.kill('SIGTERM'),
        cpu: () => cpuSeconds(child.pid)
      }
    }
  }
  throw new Error('the sandbox did not start')
}

interface Row {
  name: string
  rows: number
  seconds: number
  peakRssMb: number | null
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'lead-bench-'))
  const results: Row[] = []
  const notes: string[] = []
  const sandbox = await startSandboxProcess()
  try {
    const app = await createApp({
      dataDir: join(work, 'app'),
      secrets: new MemorySecretStore(),
      logger: fileLogger(null, { quiet: true })
    })
    for (const a of sandbox.accounts.expressChat) {
      await app.dispatch('connections.create', {
        platform: 'express-chat',
        brand: a.brand,
        name: a.brand,
        baseUrl: a.baseUrl,
        botId: a.botId,
        customerId: a.customerId,
        token: a.token
      })
    }
    for (const a of sandbox.accounts.chatbotCom)
      await app.dispatch('connections.create', {
        platform: 'chatbot-com',
        name: 'cb',
        baseUrl: a.baseUrl,
        token: a.token
      })
    for (const a of sandbox.accounts.chatzuri)
      await app.dispatch('connections.create', {
        platform: 'chatzuri',
        name: 'cz',
        baseUrl: a.baseUrl,
        agentId: a.agentId,
        token: a.token
      })

    const sandboxCpuBefore = sandbox.cpu() ?? 0
    const appCpuBefore = process.cpuUsage()
    let peak = process.memoryUsage().rss
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
    const t0 = performance.now()
    await app.ctx.sync.run()
    await app.ctx.sync.idle()
    const seconds = (performance.now() - t0) / 1000
    clearInterval(sampler)
    const appCpu = process.cpuUsage(appCpuBefore)
    const sandboxCpu = (sandbox.cpu() ?? 0) - sandboxCpuBefore
    notes.push(
      `During the sync: Lead Manager used ${((appCpu.user + appCpu.system) / 1e6).toFixed(1)} s of CPU, the sandbox process ${sandboxCpu.toFixed(1)} s, on ${availableParallelism()} cores.`
    )
    const count = (await app.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))!.n
    const failed = await app.ctx.db.all<{ name: string; state_message: string }>(
      "SELECT name, state_message FROM connections WHERE state <> 'ok'"
    )
    if (failed.length) throw new Error(`sync did not complete: ${JSON.stringify(failed)}`)
    results.push({
      name: 'first sync from the sandbox over HTTP (Lead Manager)',
      rows: count,
      seconds,
      peakRssMb: peak / 2 ** 20
    })

    // The same rows, as CSV, for the shell.
    const columns = (
      await app.ctx.db.all<{ name: string }>("SELECT name FROM pragma_table_info('leads') ORDER BY cid")
    ).map((c) => c.name)
    const data = await app.ctx.db.all<Record<string, unknown>>(`SELECT ${columns.join(', ')} FROM leads ORDER BY id`)
    const connectionRows = await app.ctx.db.all<Record<string, string | number | null>>('SELECT * FROM connections')
    const csv = join(work, 'leads.csv')
    writeFileSync(csv, Papa.unparse(data, { columns, header: false, newline: '\n' }))
    await app.close()

    const shell = sqliteShell(root)
    const target = join(work, 'shell.sqlite')
    // The same schema (migrations, triggers, FTS) and the same connection rows, untimed.
    const prepared = await Database.open(target)
    await prepared.write(async (tx) => {
      for (const row of connectionRows) {
        const keys = Object.keys(row)
        await tx.run(
          `INSERT INTO connections (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
          keys.map((k) => row[k]!)
        )
      }
    })
    await prepared.close()
    const script = [
      'PRAGMA journal_mode = WAL;',
      'PRAGMA synchronous = NORMAL;',
      'PRAGMA foreign_keys = ON;',
      '.mode csv',
      `.import ${csv} leads`,
      ''
    ].join('\n')
    const t1 = performance.now()
    execFileSync(shell, [target], { input: script, stdio: ['pipe', 'ignore', 'inherit'] })
    const shellSeconds = (performance.now() - t1) / 1000
    const shellRows = Number(execFileSync(shell, [target, 'SELECT count(*) FROM leads']).toString().trim())
    results.push({
      name: 'sqlite3 shell .import of the same rows, same schema',
      rows: shellRows,
      seconds: shellSeconds,
      peakRssMb: null
    })
    notes.push(
      `The shell imported a CSV of ${(statSync(csv).size / 2 ** 20).toFixed(0)} MB (${columns.length} columns) into the same schema: indexes, tag and FTS5 triggers.`
    )
  } finally {
    sandbox.stop()
    rmSync(work, { recursive: true, force: true })
  }

  const shellRate = results[1] ? results[1].rows / results[1].seconds : null
  console.log('')
  console.log('| benchmark | rows | seconds | rows/s | peak RSS | vs shell |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    const rate = r.rows / r.seconds
    console.log(
      `| ${r.name} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | ${r.peakRssMb === null ? '—' : `${r.peakRssMb.toFixed(0)} MB`} | ${shellRate ? `${(rate / shellRate).toFixed(2)}×` : '—'} |`
    )
  }
  console.log('')
  for (const note of notes) console.log(note)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
