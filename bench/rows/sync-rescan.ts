import type { Platform } from '../../src/shared/contract/model'
import { syncInChild } from '../frame/app'
import { startSandboxProcess } from '../frame/sandbox'
import type { Bench, Measurement } from '../frame/types'

/** The platforms without an updated-at to page by: every sync re-reads all their leads. */
const RESCANNED = ['chatbot-com', 'chatzuri'] as const satisfies readonly Platform[]

/**
 * One platform alone (nothing else competing for the two cores): its first sync into an empty
 * database, then a second sync that re-reads every lead and finds nothing changed.
 */
const bench: Bench = {
  name: 'sync.rescan',
  operations: RESCANNED.map((p) => `sync.rescan: ${p} leads/s`),
  needs: [],
  async run(ctx) {
    const out: Measurement[] = []
    const sandbox = await startSandboxProcess(ctx.options.root, ctx.options.seed, ctx.options.leads)
    try {
      for (const platform of RESCANNED) {
        const [first, again] = await syncInChild(ctx.options.root, {
          dataDir: ctx.workDir(`rescan-${platform}`),
          accounts: sandbox.accounts,
          admin: sandbox.admin,
          connect: platform,
          syncs: 2
        })
        const leads = first!.leads
        out.push({
          operation: `sync.rescan: ${platform} leads/s`,
          ours: leads / again!.seconds,
          baseline: leads / first!.seconds,
          baselineIs: `first sync of the same ${platform} leads, alone (this run)`,
          unit: 'leads/s',
          peakRssMB: again!.peakRssMB,
          goals: [
            { on: 'ratio', op: '>=', value: 3 },
            { on: 'peakRssMB', op: '<', value: 400 }
          ],
          notes: [
            `sync.rescan: ${platform}: ${leads.toLocaleString('en')} leads; first sync ${first!.seconds.toFixed(1)} s (${first!.appCpuSeconds.toFixed(1)} s CPU), re-scan ${again!.seconds.toFixed(1)} s (${again!.appCpuSeconds.toFixed(1)} s CPU), ${again!.rowsWritten} rows written, ${again!.requests[platform].toLocaleString('en')} requests.`
          ]
        })
      }
    } finally {
      await sandbox.stop()
    }
    return out
  }
}

export default bench
