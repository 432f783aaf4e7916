// One import commit in its own process, for the import crash test: the parent kills it with
// SIGKILL at a seeded moment. The check pass that precedes a commit in the app reads and writes
// nothing, so this child builds the session it leaves behind and goes straight to the commit,
// which checks and matches every row again inside its one transaction.
import { statSync } from 'node:fs'
import { basename } from 'node:path'
import { planFor } from '../../src/main/csv/import/analyze'
import { commitImport } from '../../src/main/csv/import/commit'
import { buildPreview } from '../../src/main/csv/import/preview'
import { ImportSession, zeroCounts } from '../../src/main/csv/import/session'
import { sniff } from '../../src/main/csv/import/sniff'
import { startTestApp } from '../helpers/app'

async function main(): Promise<void> {
  const [dataDir, csv, connectionId] = process.argv.slice(2) as [string, string, string]
  const app = await startTestApp({ dataDir })
  const size = statSync(csv).size
  const session = new ImportSession({ path: csv, name: basename(csv), size, owned: false }, await sniff(csv, size))
  const preview = await buildPreview(app.db, session)
  const options = { ...preview.options, connectionId }
  session.analysis = {
    plan: planFor(session, preview.mapping, options),
    mapping: preview.mapping,
    counts: zeroCounts(),
    grid: new Map(),
    duplicates: new Map(),
    truncated: false,
    warnings: []
  }
  session.lastOptions = options
  process.stdout.write('COMMITTING\n')
  const record = await commitImport(
    app.db,
    session,
    () => new Date().toISOString(),
    new AbortController().signal,
    () => undefined
  )
  process.stdout.write(`DONE ${record.id} ${record.counts.create}\n`)
  await app.close()
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
