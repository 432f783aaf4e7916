import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection, Lead } from '../../src/shared/contract'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import type { WriteLogEntry } from '../../src/main/sandbox/write-log'
import { Rng } from '../../src/main/sandbox/random'
import { startTestApp } from '../helpers/app'
import { platformLeads } from '../helpers/platform'
import { bundleChildren, type Bundle } from '../helpers/bundle'
import { tempDir } from '../helpers/temp-dir'

const LEADS = Number(process.env.CRASH_LEADS ?? 10_000)
const KILLS = Number(process.env.CRASH_KILLS ?? 100)
// Every kill point and every selection comes from this seed; a failure prints it.
const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : randomInt(2 ** 31)
const REPLAY = `CRASH_SEED=${SEED} npm test -- test/bulk/crash.test.ts`

let sandbox: RunningSandbox
let dir: { path: string; cleanup: () => Promise<void> }
let children: Bundle
const CHILD = 'test/bulk/crash-child.ts'
beforeAll(async () => {
  console.log(`bulk crash test seed ${SEED}; replay: ${REPLAY}`)
  // Chats are leads too here: every record of the sandbox is one of the 10,000 edited leads.
  sandbox = await startSandbox({ port: 0, seed: 515, leads: LEADS, chats: 0 })
  dir = await tempDir()
  children = await bundleChildren([CHILD])
})
afterAll(async () => {
  await sandbox?.close()
  await dir?.cleanup()
  await children?.cleanup()
})

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Where the time goes, printed with the figures (never asserted: the machine is shared). */
const timing = { childMs: 0, children: 0, inspectMs: 0 }

function runChild(args: string[], killAt: number): Promise<Run> {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', children.script(CHILD), dir.path, ...args], {
      env: { ...process.env, CRASH_ACCOUNTS: JSON.stringify(sandbox.accounts), CRASH_KILL_AT: String(killAt) },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code, signal) => {
      if (args[0] === 'edit') {
        timing.childMs += performance.now() - started
        timing.children++
      }
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** Reads the database file as it was left, with the sqlite3 driver alone (no app, no migrations). */
async function inspect<T>(
  fn: (q: (sql: string, params?: unknown[]) => Promise<T[]>) => Promise<unknown>
): Promise<unknown> {
  const started = performance.now()
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(join(dir.path, 'leads.sqlite'), sqlite3.OPEN_READWRITE, (err) =>
      err ? reject(err) : resolve(opened)
    )
  })
  const q = (sql: string, params: unknown[] = []): Promise<T[]> =>
    new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))))
  try {
    return await fn(q)
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()))
    timing.inspectMs += performance.now() - started
  }
}

interface State {
  integrity: string
  foreignKeys: number
  /** bulk_edits row of the value: its changed count and its rows of bulk_edit_leads. */
  edit: { id: number; changed: number; rows: number } | null
  /** Leads holding the value, and of those, how many have an open outbox edit carrying it. */
  holding: number
  queued: number
}

/** With `checks` false, the file-wide checks are skipped (the caller has just run them on this file). */
async function stateOf(value: string, checks = true): Promise<State> {
  const marker = `%"value":"${value}"}%`
  return (await inspect<Record<string, unknown>>(async (q) => {
    const [integrity] = checks ? await q('PRAGMA integrity_check') : [{ integrity_check: 'not checked' }]
    const foreignKeys = checks ? await q('PRAGMA foreign_key_check') : []
    const [edit] = await q(
      `SELECT id, changed, (SELECT count(*) FROM bulk_edit_leads WHERE bulk_id = bulk_edits.id) AS rows
       FROM bulk_edits WHERE json_extract(action_json, '$.value') = ?`,
      [value]
    )
    const [holding] = await q('SELECT count(*) AS n FROM leads WHERE attributes_json LIKE ?', [marker])
    const [queued] = await q(
      `SELECT count(DISTINCT lead_id) AS n FROM outbox WHERE state IN ('pending', 'local-only') AND patch_json LIKE ?`,
      [marker]
    )
    return {
      integrity: String(integrity?.integrity_check),
      foreignKeys: foreignKeys.length,
      edit: edit ? { id: Number(edit.id), changed: Number(edit.changed), rows: Number(edit.rows) } : null,
      holding: Number(holding?.n),
      queued: Number(queued?.n)
    }
  })) as State
}

it(`keeps every bulk edit of ${LEADS} leads whole or not at all over ${KILLS} SIGKILLs, and loses none acknowledged`, async () => {
  const setup = await runChild(['setup'], 0)
  expect(setup.code, setup.stderr).toBe(0)

  const rng = new Rng(SEED)
  const acked = new Map<string, { bulkId: number; changed: number }>()
  const figures = { killed: 0, committedUnacked: 0, rolledBack: 0, points: [] as number[] }
  let lastStatements = 200
  let lastValue: string | null = null
  for (let trial = 0; figures.killed < KILLS && trial < KILLS * 3; trial++) {
    const value = `v${SEED}-${trial}`
    // Every fifth run is left to finish, so edits are also committed and acknowledged along the way.
    const drawn = rng.between(1, lastStatements)
    const point = trial % 5 === 4 ? 0 : drawn
    const at = `seed ${SEED}, trial ${trial}, kill at statement ${point}`
    const run = await runChild(['edit', value, String(rng.int(2 ** 31))], point)
    expect(run.stderr, `${at}: ${run.stderr}`).not.toContain('crash-child failed')
    const ack = /ACK (\d+) (\S+) (\d+)/.exec(run.stdout)
    if (ack) acked.set(value, { bulkId: Number(ack[1]), changed: Number(ack[3]) })
    if (run.signal === 'SIGKILL') {
      figures.killed++
      figures.points.push(point)
    } else {
      expect(run.code, `${at}: ${run.stderr}`).toBe(0)
      lastStatements = Math.max(10, Number(/DONE STATEMENTS (\d+)/.exec(run.stdout)?.[1] ?? 200))
    }

    const state = await stateOf(value)
    expect({ integrity: state.integrity, foreignKeys: state.foreignKeys }, at).toEqual({
      integrity: 'ok',
      foreignKeys: 0
    })
    if (state.edit) {
      // Committed: every lead it changed holds the value, with its outbox edit and its undo row.
      expect(state.holding, at).toBe(state.edit.changed)
      expect(state.queued, at).toBe(state.edit.changed)
      expect(state.edit.rows, at).toBe(state.edit.changed)
      if (!ack) figures.committedUnacked++
    } else {
      // Not committed: nothing of it anywhere, and it was never acknowledged.
      expect({ holding: state.holding, queued: state.queued, acked: Boolean(ack) }, at).toEqual({
        holding: 0,
        queued: 0,
        acked: false
      })
      figures.rolledBack++
    }
    // Acknowledged edits are still there (the previous one may have been overwritten by this one, not lost).
    if (lastValue && acked.has(lastValue)) {
      const previous = await stateOf(lastValue, false)
      expect(previous.edit, `${at}: acknowledged ${lastValue} lost`).toMatchObject({
        id: acked.get(lastValue)!.bulkId,
        changed: acked.get(lastValue)!.changed,
        rows: acked.get(lastValue)!.changed
      })
    }
    if (state.edit) lastValue = value
  }

  // One sync pushes every lead's last value once: the edits were merged into one edit per lead.
  const writesBefore = sandbox.writes().length
  const final = await runChild(['final'], 0)
  expect(final.code, final.stderr).toBe(0)
  const writes: WriteLogEntry[] = sandbox.writes().slice(writesBefore)
  const app = await startTestApp({ dataDir: dir.path })
  try {
    const connections = await app.call<Connection[]>('connections.list')
    let lost = 0
    let twice = 0
    let edited = 0
    const perLead = new Map<string, number>()
    for (const w of writes) {
      const target =
        w.platform === 'express-chat' ? String((w.body as { uuid: string }).uuid) : w.path.split('/').pop()!
      perLead.set(target, (perLead.get(target) ?? 0) + 1)
    }
    for (const connection of connections.filter((c) => !c.readOnly)) {
      const remote = platformLeads(sandbox, connection)
      const page = await app.db.all<{ remote_id: string; attributes_json: string }>(
        "SELECT remote_id, attributes_json FROM leads WHERE connection_id = ? AND attributes_json LIKE '%crash_run%'",
        [connection.id]
      )
      for (const lead of page) {
        edited++
        const mine = (JSON.parse(lead.attributes_json) as Lead['attributes']).find((a) => a.key === 'crash_run')
        const theirs = remote.get(lead.remote_id)?.attributes.find((a) => a.key === 'crash_run')
        if (mine?.value !== theirs?.value) lost++
        if ((perLead.get(lead.remote_id) ?? 0) !== 1) twice++
      }
    }
    const open = await app.db.get<{ n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sending', 'failed', 'conflict')"
    )
    console.log(
      `bulk crash test (seed ${SEED}): ${figures.killed} SIGKILLs at statements ${figures.points.join(' ')}; ` +
        `${acked.size} bulk edits acknowledged, ${figures.committedUnacked} committed but killed before the answer, ` +
        `${figures.rolledBack} rolled back whole; ${edited} leads pushed with ${writes.length} writes, ` +
        `lost ${lost}, not written exactly once ${twice}; ${timing.children} edit runs took ` +
        `${(timing.childMs / timing.children / 1000).toFixed(2)} s each on average, reading the file after each ` +
        `${(timing.inspectMs / timing.children / 1000).toFixed(2)} s`
    )
    expect(figures.killed, REPLAY).toBeGreaterThanOrEqual(KILLS)
    expect(acked.size, REPLAY).toBeGreaterThan(KILLS / 10)
    expect(edited, REPLAY).toBeGreaterThan(0)
    expect(lost, REPLAY).toBe(0)
    expect(twice, REPLAY).toBe(0)
    expect(open?.n, REPLAY).toBe(0)
  } finally {
    await app.close()
  }
}, 3_600_000)
