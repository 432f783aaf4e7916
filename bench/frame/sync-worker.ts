/**
 * A measured sync in a process of its own, so its peak RSS is Lead Manager's alone and not what
 * earlier rows left in the bench's heap. Spawned by `syncInChild`: one JSON argument in, one JSON
 * line per sync out.
 */
import type { Platform } from '../../src/shared/contract/model'
import type { SandboxAccounts } from '../../src/main/sandbox'
import { benchApp, connectAll, measuredSync, reconnectAll } from './app'
import { sandboxAdmin, type AdminAddress } from './sandbox'

export interface WorkerJob {
  dataDir: string
  accounts: SandboxAccounts
  admin: AdminAddress
  /** 'all' or one platform: add the connections; 'reconnect': point a cache copy's at this sandbox. */
  connect: 'all' | 'reconnect' | Platform
  /** Syncs in a row, each measured. */
  syncs: number
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as WorkerJob
  const app = await benchApp(job.dataDir)
  try {
    if (job.connect === 'reconnect') await reconnectAll(app, job.accounts)
    else await connectAll(app, job.accounts, job.connect === 'all' ? undefined : job.connect)
    const admin = sandboxAdmin(job.admin)
    for (let n = 0; n < job.syncs; n++) {
      const figures = await measuredSync(app, admin)
      const leads = (await app.db.get<{ n: number }>('SELECT count(*) AS n FROM leads'))!.n
      process.stdout.write(JSON.stringify({ ...figures, leads }) + '\n')
    }
  } finally {
    await app.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
