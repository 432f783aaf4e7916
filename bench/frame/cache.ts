import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { syncInChild, totalRequests } from './app'
import { startSandboxProcess } from './sandbox'
import type { BenchOptions, FirstSyncFigures } from './types'

/**
 * What the cached database depends on: its schema, what the connectors store, and the sandbox's
 * data. A change to any of them builds a new cache rather than measuring against a stale one.
 */
const CACHE_INPUTS = [
  'src/main/db/migrations',
  'src/main/providers',
  'src/main/leads/columns.ts',
  'src/main/leads/upsert.ts',
  'src/main/sandbox/data'
]

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)))
}

export function cacheKey(options: BenchOptions): string {
  const hash = createHash('sha256')
  for (const input of CACHE_INPUTS) {
    for (const file of filesUnder(join(options.root, input))) {
      hash.update(relative(options.root, file)).update('\0').update(readFileSync(file)).update('\0')
    }
  }
  return `seed${options.seed}-leads${options.leads}-${hash.digest('hex').slice(0, 12)}`
}

export function cacheDir(options: BenchOptions): string {
  return join(options.benchDir, 'cache', cacheKey(options))
}

/** Old caches of the same seed and size (another schema or generator): a new one replaces them. */
function staleCaches(options: BenchOptions, current: string): string[] {
  const root = join(options.benchDir, 'cache')
  if (!existsSync(root)) return []
  const prefix = `seed${options.seed}-leads${options.leads}-`
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => basename(dir).startsWith(prefix) && dir !== current && !dir.endsWith('.partial'))
}

/**
 * A real first sync: the sandbox in its own process over loopback HTTP, Lead Manager in another,
 * every account connected as a user would, one `sync.run` of all connections.
 */
export async function firstSyncInto(options: BenchOptions, dataDir: string): Promise<FirstSyncFigures> {
  const sandbox = await startSandboxProcess(options.root, options.seed, options.leads)
  try {
    const sandboxCpu = sandbox.cpu()
    const [figures] = await syncInChild(options.root, {
      dataDir,
      accounts: sandbox.accounts,
      admin: sandbox.admin,
      connect: 'all',
      syncs: 1
    })
    const sandboxCpuAfter = sandbox.cpu()
    return {
      leads: figures!.leads,
      seconds: figures!.seconds,
      peakRssMB: figures!.peakRssMB ?? NaN,
      requests: totalRequests(figures!.requests),
      requestsByPlatform: figures!.requests,
      appCpuSeconds: figures!.appCpuSeconds,
      jsThreadCpuSeconds: figures!.jsThreadCpuSeconds,
      // The sandbox is idle but for the sync's requests, so its CPU over the child's life is the sync's.
      sandboxCpuSeconds: sandboxCpu === null || sandboxCpuAfter === null ? null : sandboxCpuAfter - sandboxCpu
    }
  } finally {
    await sandbox.stop()
  }
}

/**
 * Builds the cache in `dir` with a first sync into a temporary directory, renamed into place when
 * complete. `dir` is named once per run: editing sources while a run is going must not move it.
 */
export async function buildCache(options: BenchOptions, dir: string): Promise<FirstSyncFigures> {
  const partial = `${dir}.partial`
  rmSync(partial, { recursive: true, force: true })
  const figures = await firstSyncInto(options, partial)
  for (const stale of staleCaches(options, dir)) rmSync(stale, { recursive: true, force: true })
  renameSync(partial, dir)
  return figures
}
