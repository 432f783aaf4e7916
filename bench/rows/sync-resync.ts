import type { Platform } from '../../src/shared/contract/model'
import { syncInChild, totalRequests, type ChildSync } from '../frame/app'
import { startSandboxProcess, type SandboxProcess } from '../frame/sandbox'
import type { Bench, BenchContext, Goal } from '../frame/types'

const PLATFORMS: readonly Platform[] = ['express-chat', 'chatbot-com', 'chatzuri']
const UNDER_400_MB: Goal = { on: 'peakRssMB', op: '<', value: 400 }

/** A sync of every connection on a copy of the cache, against a fresh sandbox of the same seed. */
async function resync(
  ctx: BenchContext,
  name: string,
  before?: (sandbox: SandboxProcess) => Promise<void>
): Promise<{ figures: ChildSync; bots: number }> {
  const dataDir = await ctx.cacheCopy(name)
  const sandbox = await startSandboxProcess(ctx.options.root, ctx.options.seed, ctx.options.leads)
  try {
    await before?.(sandbox)
    const [figures] = await syncInChild(ctx.options.root, {
      dataDir,
      accounts: sandbox.accounts,
      admin: sandbox.admin,
      connect: 'reconnect',
      syncs: 1
    })
    return { figures: figures!, bots: sandbox.accounts.expressChat.length }
  } finally {
    await sandbox.stop()
  }
}

function byPlatform(requests: Record<Platform, number>): string {
  return PLATFORMS.map((p) => `${p} ${requests[p].toLocaleString('en')}`).join(', ')
}

export const unchanged: Bench = {
  name: 'sync.unchanged',
  operations: [
    'sync.unchanged: seconds',
    'sync.unchanged: rows written',
    'sync.unchanged: requests',
    'sync.unchanged: express-chat requests'
  ],
  needs: ['cache'],
  async run(ctx) {
    const first = await ctx.firstSync()
    const { figures, bots } = await resync(ctx, 'unchanged')
    return [
      {
        operation: 'sync.unchanged: seconds',
        ours: figures.seconds,
        baseline: first.seconds,
        baselineIs: 'first sync of the same leads (this run)',
        unit: 's',
        peakRssMB: figures.peakRssMB,
        goals: [UNDER_400_MB],
        notes: [
          `sync.unchanged: a re-sync of every connection on a copy of the cache, nothing changed on the platforms; requests by platform: ${byPlatform(figures.requests)}; every row change incl. checkpoints and states (total_changes): ${figures.allChanges}; ${figures.appCpuSeconds.toFixed(1)} s CPU.`
        ]
      },
      {
        operation: 'sync.unchanged: rows written',
        ours: figures.rowsWritten,
        baseline: first.leads,
        baselineIs: 'rows the first sync wrote',
        unit: 'rows',
        peakRssMB: null,
        goals: [{ on: 'ours', op: '=', value: 0 }]
      },
      {
        operation: 'sync.unchanged: requests',
        ours: totalRequests(figures.requests),
        baseline: first.requests,
        baselineIs: 'requests of the first sync',
        unit: 'requests',
        peakRssMB: null
      },
      {
        operation: 'sync.unchanged: express-chat requests',
        ours: figures.requests['express-chat'],
        baseline: first.requestsByPlatform['express-chat'],
        baselineIs: 'express-chat requests of the first sync',
        unit: 'requests',
        peakRssMB: null,
        // One page per stream (lead, non-lead) of each bot: it stops as soon as it sees what it has.
        goals: [{ on: 'ours', op: '<=', value: bots * 2 }]
      }
    ]
  }
}

export const churned: Bench = {
  name: 'sync.churn-1%',
  operations: ['sync.churn-1%: seconds', 'sync.churn-1%: rows written'],
  needs: ['cache'],
  async run(ctx) {
    const first = await ctx.firstSync()
    let changed = 0
    const { figures } = await resync(ctx, 'churn', async (sandbox) => {
      for (const platform of PLATFORMS) changed += (await sandbox.churn(platform, 0.01, 0)).changed
    })
    return [
      {
        operation: 'sync.churn-1%: seconds',
        ours: figures.seconds,
        baseline: first.seconds,
        baselineIs: 'first sync of the same leads (this run)',
        unit: 's',
        peakRssMB: figures.peakRssMB,
        goals: [UNDER_400_MB],
        notes: [
          `sync.churn-1%: 1 % of each account's leads changed on the platforms before the re-sync (express-chat: new message, moves to the top; ChatBot.com: lastSeen; Chatzuri: email and phone); requests by platform: ${byPlatform(figures.requests)}; ${figures.appCpuSeconds.toFixed(1)} s CPU.`
        ]
      },
      {
        operation: 'sync.churn-1%: rows written',
        ours: figures.rowsWritten,
        baseline: changed,
        baselineIs: 'leads changed on the platforms (a lead picked twice counts twice)',
        unit: 'rows',
        peakRssMB: null
      }
    ]
  }
}

export default [unchanged, churned]
