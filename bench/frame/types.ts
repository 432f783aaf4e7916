import type { Platform } from '../../src/shared/contract/model'

/** What a bench row needs prepared before it runs; the frame prepares each once per run. */
export type Need =
  /** The sqlite3 shell of the SQLite release the npm driver bundles (the baseline). */
  | 'shell'
  /** A synced cache of `--leads` leads, built by a real first sync and kept under .bench/. */
  | 'cache'
  /** The renderer bundle browser mode serves (`electron-vite build`). */
  | 'renderer'

/** A bound a figure must hold; `met` is computed by the frame. */
export interface Goal {
  on: 'ours' | 'ratio' | 'peakRssMB'
  op: '>=' | '<=' | '<' | '>' | '='
  value: number
}

/** One line of the table: one operation. */
export interface Measurement {
  /** `<bench name>: <what>`, e.g. "sync.first: leads/s". Stable: the JSON and the test key on it. */
  operation: string
  /** Our figure (the median when `samples` are given). */
  ours: number
  /** The same work done by the baseline in this run, on the same data; null when there is none. */
  baseline: number | null
  /** What the baseline is, e.g. "sqlite3 shell .import" or "first sync of the same leads". */
  baselineIs: string | null
  unit: string
  /** Repeated runs of `ours`; the frame turns them into median and p95. */
  samples?: readonly number[]
  /** Peak RSS of the process that did our work, in MB; null when not measured. */
  peakRssMB: number | null
  /** Peak RSS of the baseline's process, in MB. */
  baselinePeakRssMB?: number | null
  goals?: readonly Goal[]
  /** Printed under the table: how it was measured, what it ran on, why a goal is missed. */
  notes?: readonly string[]
}

/** A file in bench/rows/: one group of related operations sharing their preparation. */
export interface Bench {
  /** Dotted group name, e.g. "sync.first"; `--only` matches it by prefix or substring. */
  name: string
  /** The `operation` names `run` returns, in order (checked, so the output cannot silently rot). */
  operations: readonly string[]
  needs: readonly Need[]
  run(ctx: BenchContext): Promise<Measurement[]>
}

export interface BenchOptions {
  leads: number
  seed: number
  /** Repeats of the operations that are repeated (startup, queries). */
  repeats: number
  only: string | null
  json: string | null
  /** Project root (the worktree), and where cached data and work files live. */
  root: string
  benchDir: string
}

export interface ShellInfo {
  path: string
  version: string
  /** How the bench got it, printed under the table. */
  how: string
}

export interface CacheInfo {
  /** The synced database, closed and checkpointed: copy it before writing to it. */
  file: string
  dir: string
  leads: number
  /** The first sync that built it, when it was built in this run (no need to sync twice). */
  builtThisRun: FirstSyncFigures | null
}

export interface FirstSyncFigures {
  leads: number
  seconds: number
  peakRssMB: number
  requests: number
  requestsByPlatform: Record<Platform, number>
  /** CPU seconds of Lead Manager and of the sandbox process during the sync. */
  appCpuSeconds: number
  /** Of appCpuSeconds, its JS thread's (null where it cannot be read); the rest is SQLite's and V8's threads. */
  jsThreadCpuSeconds: number | null
  sandboxCpuSeconds: number | null
}

export interface BenchContext {
  options: BenchOptions
  shell(): Promise<ShellInfo>
  cache(): Promise<CacheInfo>
  /** A fresh empty directory under .bench/work/, removed at the end of the run. */
  workDir(name: string): string
  /** A writable copy of the cached database in a fresh data directory; returns the directory. */
  cacheCopy(name: string): Promise<string>
  /** The first sync of this run (building the cache if it was missing); done at most once. */
  firstSync(): Promise<FirstSyncFigures>
  /** out/renderer, built once per run as `npm run browser` builds it. */
  renderer(): string
  log(message: string): void
}
