// One import commit in its own process, for the import crash test: the parent kills it with
// SIGKILL at a seeded moment. The parent checked the file once (the check writes nothing to the
// cache) and left its staged rows, mapping and options; this child rebuilds that session and goes
// straight to the commit, which matches every row again inside its one transaction. It is bundled
// once by esbuild and opens the database alone (no app, no keychain): each trial's cost is the commit.
import { readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { ColumnMapping, ImportOptions } from '../../src/shared/contract'
import { planFor } from '../../src/main/csv/import/analyze'
import { commitImport } from '../../src/main/csv/import/commit'
import { ImportSession, zeroCounts } from '../../src/main/csv/import/session'
import { sniff } from '../../src/main/csv/import/sniff'
import { Database } from '../../src/main/db/database'

export interface CrashSetup {
  csv: string
  mapping: ColumnMapping[]
  options: ImportOptions
  staged: string
}

async function main(): Promise<void> {
  const [dataDir, setupFile] = process.argv.slice(2) as [string, string]
  // Written by the parent test from a CrashSetup.
  const setup = JSON.parse(readFileSync(setupFile, 'utf8')) as CrashSetup
  const db = await Database.open(join(dataDir, 'leads.sqlite'))
  const size = statSync(setup.csv).size
  const file = { path: setup.csv, name: basename(setup.csv), size, owned: false }
  const session = new ImportSession(file, await sniff(setup.csv, size))
  session.analysis = {
    plan: planFor(session, setup.mapping, setup.options),
    mapping: setup.mapping,
    counts: zeroCounts(),
    grid: new Map(),
    duplicates: new Map(),
    truncated: false,
    warnings: [],
    staged: setup.staged
  }
  session.lastOptions = setup.options
  process.stdout.write('COMMITTING\n')
  const record = await commitImport(
    db,
    session,
    () => new Date().toISOString(),
    new AbortController().signal,
    () => undefined
  )
  process.stdout.write(`DONE ${record.id} ${record.counts.create}\n`)
  await db.close()
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
