import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadBenches } from '../../bench/frame/registry'
import type { Row } from '../../bench/frame/report'
import { tempDir } from '../helpers/temp-dir'

/*
 * Runs the whole bench, small and untimed, so that a row nobody runs cannot rot: every row file in
 * bench/rows must produce its declared operations with every field of `--json`. Figures are not
 * judged here (timings belong to `npm run bench`), except the ones that do not depend on speed.
 */
const ROOT = join(__dirname, '..', '..')
let dir: { path: string; cleanup: () => Promise<void> }
let run: { code: number | null; stdout: string; stderr: string }
let rows: Row[]

beforeAll(async () => {
  dir = await tempDir('lead-bench-test-')
  const json = join(dir.path, 'bench.json')
  run = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--leads', '2000', '--repeats', '1', '--json', json],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  rows = run.code === 0 ? (JSON.parse(readFileSync(json, 'utf8')) as Row[]) : []
}, 1_800_000)
afterAll(() => dir.cleanup())

it('runs every row of bench/rows to completion', () => {
  expect(run.stderr).not.toContain('FAILED')
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('| operation | ours | baseline | ratio | unit |')
})

it('writes one JSON object per declared operation, in order, with every field', async () => {
  const declared = (await loadBenches(join(ROOT, 'bench', 'rows'))).flatMap((b) => b.operations)
  expect(rows.map((r) => r.operation)).toEqual(declared)
  for (const row of rows) {
    expect(Number.isFinite(row.ours), row.operation).toBe(true)
    expect(row.unit, row.operation).toMatch(/\S/)
    expect(row.baseline === null || Number.isFinite(row.baseline), row.operation).toBe(true)
    if (row.baseline) expect(row.ratio, row.operation).toBeCloseTo(row.ours / row.baseline, 9)
    else expect(row.ratio, row.operation).toBeNull()
    expect(row.baselineIs === null, row.operation).toBe(row.baseline === null)
    expect(row.p95 === null || Number.isFinite(row.p95), row.operation).toBe(true)
    expect(row.peakRssMB === null || row.peakRssMB > 0, row.operation).toBe(true)
    expect(row.met === null, row.operation).toBe(row.goal === null)
  }
})

it('measures what it says: real syncs, the shell baseline, peak memory, a painted page', () => {
  const row = (operation: string): Row => rows.find((r) => r.operation === operation)!
  expect(row('sync.first: leads/s').baseline).toBeGreaterThan(0)
  expect(row('sync.first: leads/s').peakRssMB).toBeGreaterThan(0)
  expect(row('sync.first: leads/s').baselinePeakRssMB).toBeGreaterThan(0)
  expect(row('sync.unchanged: rows written')).toMatchObject({ ours: 0, baseline: 2000, met: true })
  expect(row('sync.unchanged: express-chat requests').met).toBe(true)
  expect(row('sync.churn-1%: rows written').ours).toBeGreaterThan(0)
  expect(row('sync.size: bytes per lead').baseline).toBeGreaterThan(0)
  expect(row('startup: first rows painted').ours).toBeGreaterThan(0)
  expect(row('startup: idle RSS of the main process').ours).toBeGreaterThan(0)
  // Pushes of every queued edit, each lead written once, with the rate limit off and on.
  for (const push of rows.filter((r) => r.operation.startsWith('push.outbox: '))) {
    expect(push.ours, push.operation).toBeGreaterThan(0)
    expect(push.notes.join(' '), push.operation).toMatch(/delivered .*; each lead written once;/)
    expect(push.notes.join(' '), push.operation).toMatch(/, 0 failed, 0 still waiting\)/)
  }
  expect(row('bulk.edit: add tag stacked on the 10,000 leads of the status change').baseline).toBeGreaterThan(0)
})
