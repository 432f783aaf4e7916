import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Connection } from '../../src/shared/contract'
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox'
import { startTestApp } from '../helpers/app'
import { tempDir } from '../helpers/temp-dir'
import { compareWithSandbox, expectIdentical, sandboxRecords } from '../helpers/workspace'

const LEADS = Number(process.env.CRASH_LEADS ?? 100_000)
const KILLS = Number(process.env.CRASH_KILLS ?? 50)
const EDITS_PER_RUN = 3

let sandbox: RunningSandbox
let dir: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 99, leads: LEADS, chats: Math.floor(LEADS / 20) })
  dir = await tempDir()
})
afterAll(async () => {
  await sandbox.close()
  await dir.cleanup()
})

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

function runChild(edits: number, killAfterMs: number | null): Promise<Run> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sync/crash-child.ts', dir.path, String(edits)], {
      env: { ...process.env, CRASH_ACCOUNTS: JSON.stringify(sandbox.accounts) },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
  })
}

function check(file: string): Promise<{ integrity: string; foreignKeys: number }> {
  // Killed before it created the database: nothing there to corrupt.
  if (!existsSync(file)) return Promise.resolve({ integrity: 'ok', foreignKeys: 0 })
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => {
      if (err) return reject(err)
      db.get('PRAGMA integrity_check', (e1, row: { integrity_check: string }) => {
        if (e1) return reject(e1)
        db.all('PRAGMA foreign_key_check', (e2, rows: unknown[]) => {
          if (e2) return reject(e2)
          db.close(() => resolve({ integrity: row.integrity_check, foreignKeys: rows.length }))
        })
      })
    })
  })
}

it(`survives ${KILLS} SIGKILLs during syncs of ${LEADS} leads without corruption, loss or double writes`, async () => {
  const acked = new Map<string, { connectionId: string; remoteId: string; status: string }>()
  const record = (run: Run): void => {
    for (const line of run.stdout.split('\n')) {
      const [tag, leadId, connectionId, remoteId, status] = line.split(' ')
      if (tag === 'ACK') acked.set(leadId!, { connectionId: connectionId!, remoteId: remoteId!, status: status! })
    }
  }
  const figures = { killed: 0, killedBeforeDone: 0, killMs: [] as number[], completeMs: [] as number[] }
  // Kill somewhere inside a run: from start-up to just before the time the last full run took.
  // Loop until KILLS runs were really killed: a run that finishes before its kill moment does not count.
  let typicalMs = 3000
  for (let attempt = 0; figures.killedBeforeDone < KILLS && attempt < KILLS * 2; attempt++) {
    const killAt = 100 + Math.floor(Math.random() * (typicalMs * 0.9 - 100))
    const killed = await runChild(EDITS_PER_RUN, killAt)
    record(killed)
    if (killed.signal === 'SIGKILL') figures.killed++
    if (killed.signal === 'SIGKILL' && !killed.stdout.includes('DONE')) figures.killedBeforeDone++
    figures.killMs.push(killAt)
    expect(killed.stderr, killed.stderr).not.toContain('crash-child failed')

    expect(await check(join(dir.path, 'leads.sqlite'))).toEqual({ integrity: 'ok', foreignKeys: 0 })

    const next = await runChild(EDITS_PER_RUN, null)
    record(next)
    expect(next.code, next.stderr).toBe(0)
    expect(next.stdout).toMatch(/DONE ok(,ok)*\n/)
    figures.completeMs.push(next.ms)
    typicalMs = Math.max(800, next.ms)
  }

  // A last sync without edits pulls back what the last run pushed after its own pull.
  const last = await runChild(0, null)
  expect(last.code, last.stderr).toBe(0)

  // The end state: the cache equals the sandbox, and every acknowledged edit is there, written once.
  const app = await startTestApp({ dataDir: dir.path })
  try {
    const connections = await app.call<Connection[]>('connections.list')
    expectIdentical(await compareWithSandbox(app, sandbox, connections))
    const writes = sandbox.writes()
    let lost = 0
    let twice = 0
    for (const edit of acked.values()) {
      const connection = connections.find((c) => c.id === edit.connectionId)!
      const raw = sandboxRecords(sandbox, connection).get(edit.remoteId)!.raw as Record<string, unknown>
      const status =
        connection.platform === 'express-chat' ? raw.status : (raw.attributes as Record<string, unknown>).lead_status
      if (status !== edit.status) lost++
      if (
        writes.filter((w) => JSON.stringify(w.body).includes(edit.remoteId) || w.path.includes(edit.remoteId))
          .length !== 1
      )
        twice++
    }
    const pending = await app.ctx.db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state <> 'delivered'")
    console.log(
      `crash test: ${figures.killed} SIGKILLs (${figures.killedBeforeDone} before the run finished), ` +
        `${acked.size} acknowledged edits, ${writes.length} writes, lost ${lost}, written more than once ${twice}, ` +
        `completing runs ${Math.min(...figures.completeMs)}–${Math.max(...figures.completeMs)} ms`
    )
    expect(figures.killedBeforeDone).toBeGreaterThanOrEqual(KILLS)
    expect(acked.size).toBeGreaterThan(KILLS * 2)
    expect(lost).toBe(0)
    expect(twice).toBe(0)
    expect(pending?.n).toBe(0)
  } finally {
    await app.close()
  }
}, 3_600_000)
