import { existsSync, statSync } from 'node:fs'
import { runShell } from '../frame/shell'
import type { Bench } from '../frame/types'

const bench: Bench = {
  name: 'sync.size',
  operations: ['sync.size: bytes per lead'],
  needs: ['shell', 'cache'],
  async run(ctx) {
    const cache = await ctx.cache()
    const shell = await ctx.shell()
    const files = [cache.file, `${cache.file}-wal`].filter(existsSync)
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0)
    const out = await runShell(
      shell.path,
      cache.file,
      '.mode list\nSELECT count(*), sum(length(CAST(raw_json AS BLOB))) FROM leads;\n'
    )
    const [leads = 0, rawBytes = 0] = out.stdout.trim().split('|').map(Number)
    return [
      {
        operation: 'sync.size: bytes per lead',
        ours: bytes / leads,
        baseline: rawBytes / leads,
        baselineIs: "the platforms' raw JSON of the same leads",
        unit: 'B/lead',
        peakRssMB: null,
        notes: [
          `sync.size: the database is ${(bytes / 2 ** 20).toFixed(0)} MB for ${leads.toLocaleString('en')} leads (columns, indexes, tags, FTS5 and the raw JSON it keeps); the raw JSON alone ${(rawBytes / 2 ** 20).toFixed(0)} MB.`
        ]
      }
    ]
  }
}

export default bench
