import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { BenchOptions } from './types'

export const USAGE = `usage: npm run bench -- [--leads N | --quick] [--only NAME] [--json FILE] [--seed S] [--repeats R]
  --leads N    leads in the sandbox and the cache (default 1,000,000)
  --quick      100,000 leads
  --only NAME  rows whose group or operation name starts with or contains NAME (e.g. sync, startup)
  --json FILE  also write the rows as a JSON array (operation, ours, baseline, ratio, unit, p95, peakRssMB, goal, met)
  --seed S     sandbox seed (default 5); the cache is kept per seed and size under .bench/
  --repeats R  runs of repeated operations (default 5)`

export function parseBenchArgs(argv: readonly string[], root: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      leads: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      json: { type: 'string' },
      seed: { type: 'string', default: '5' },
      repeats: { type: 'string', default: '5' },
      help: { type: 'boolean', default: false }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  if (values.quick && values.leads !== undefined) throw new Error('--quick and --leads are exclusive')
  const leads = values.quick ? 100_000 : integer('leads', values.leads ?? '1000000', 1)
  return {
    leads,
    seed: integer('seed', values.seed, 0),
    repeats: integer('repeats', values.repeats, 1),
    only: values.only ?? null,
    json: values.json === undefined ? null : resolve(values.json),
    root,
    benchDir: join(root, '.bench')
  }
}

function integer(name: string, text: string, min: number): number {
  const value = Number(text.replace(/[_,]/g, ''))
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"`)
  return value
}
