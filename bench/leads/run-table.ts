/**
 * The leads-table rows on their own: `tsx bench/leads/run-table.ts [--leads N] [--runs N] [--only TEXT]`.
 * Builds (once, cached under .bench/) a cache of N synthetic leads and prints median / p95 beside
 * the sqlite3 shell running the same statements on the same file.
 */
import { join } from 'node:path'
import { Database } from '../../src/main/db'
import { sqliteShell } from '../sqlite-shell'
import { leadsDataset } from './dataset'
import { leadTableRows } from './table-rows'

const root = join(__dirname, '..', '..')
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const leads = Number(arg('--leads') ?? 1_000_000)
  const file = await leadsDataset(join(root, '.bench', `leads-${leads}.sqlite`), leads)
  const shell = sqliteShell(root)
  const db = await Database.open(file)
  try {
    const rows = await leadTableRows({
      db,
      file,
      shell,
      runs: Number(arg('--runs') ?? 9),
      only: arg('--only'),
      log: (line) => console.error(line)
    })
    console.log(`\n| operation (${leads.toLocaleString('en')} leads) | ours ms (median) | p95 | sqlite3 shell ms | ratio |`)
    console.log('| --- | ---: | ---: | ---: | ---: |')
    for (const r of rows) {
      console.log(
        `| ${r.operation} | ${r.ours.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.baseline?.toFixed(1) ?? '—'} | ${r.ratio?.toFixed(2) ?? '—'} |`
      )
    }
  } finally {
    await db.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
