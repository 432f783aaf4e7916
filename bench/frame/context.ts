import { spawnSync } from 'node:child_process'
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { buildCache, cacheDir, firstSyncInto } from './cache'
import { sqliteShell } from './shell'
import type { BenchContext, BenchOptions, CacheInfo, FirstSyncFigures, Need, ShellInfo } from './types'

const CACHE_FILE = 'leads.sqlite'

/** One run's context: needs are prepared at most once, work directories removed at the end. */
export class RunContext implements BenchContext {
  private shellInfo: ShellInfo | null = null
  private cacheInfo: Promise<CacheInfo> | null = null
  private firstSyncRun: Promise<FirstSyncFigures> | null = null
  private builtThisRun: FirstSyncFigures | null = null
  private rendererBuilt = false
  private readonly workRoot: string
  /** Named once, when the run starts (see buildCache). */
  private readonly cacheDir: string

  constructor(readonly options: BenchOptions) {
    this.workRoot = join(options.benchDir, 'work', String(process.pid))
    this.cacheDir = cacheDir(options)
  }

  log(message: string): void {
    process.stderr.write(`bench: ${message}\n`)
  }

  async prepare(needs: readonly Need[]): Promise<void> {
    for (const need of needs) {
      if (need === 'shell') await this.shell()
      else if (need === 'cache') await this.cache()
      else this.renderer()
    }
  }

  /** The shell, if a bench needed it in this run. */
  get shellIfUsed(): ShellInfo | null {
    return this.shellInfo
  }

  async shell(): Promise<ShellInfo> {
    this.shellInfo ??= sqliteShell(this.options.root, this.options.benchDir)
    return this.shellInfo
  }

  cache(): Promise<CacheInfo> {
    this.cacheInfo ??= (async () => {
      const dir = this.cacheDir
      if (!existsSync(join(dir, CACHE_FILE))) await this.firstSync()
      return { dir, file: join(dir, CACHE_FILE), leads: this.options.leads, builtThisRun: this.builtThisRun }
    })()
    return this.cacheInfo
  }

  firstSync(): Promise<FirstSyncFigures> {
    this.firstSyncRun ??= (async () => {
      const leads = this.options.leads.toLocaleString('en')
      if (!existsSync(join(this.cacheDir, CACHE_FILE))) {
        this.log(`first sync of ${leads} leads, kept as the cache in ${this.cacheDir}…`)
        this.builtThisRun = await buildCache(this.options, this.cacheDir)
        return this.builtThisRun
      }
      this.log(`first sync of ${leads} leads into an empty database…`)
      const dir = this.workDir('first-sync')
      try {
        return await firstSyncInto(this.options, dir)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })()
    return this.firstSyncRun
  }

  /** Browser mode serves out/renderer: built once per run, as `npm run browser` does. */
  renderer(): string {
    const out = join(this.options.root, 'out', 'renderer')
    if (!this.rendererBuilt) {
      this.log('building the renderer (electron-vite build)…')
      const build = spawnSync(
        process.execPath,
        [join(this.options.root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
        { cwd: this.options.root, stdio: ['ignore', 'ignore', 'inherit'] }
      )
      if (build.status !== 0) throw new Error('electron-vite build failed')
      this.rendererBuilt = true
    }
    return out
  }

  workDir(name: string): string {
    const dir = join(this.workRoot, name)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    return dir
  }

  async cacheCopy(name: string): Promise<string> {
    const cache = await this.cache()
    const dir = this.workDir(name)
    const copy = join(dir, CACHE_FILE)
    copyFileSync(cache.file, copy)
    // On disk before anything is timed: a 2.6 GB copy left to the kernel is written back ~30 s later,
    // in the middle of the measurements that follow.
    const fd = openSync(copy, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return dir
  }

  cleanUp(): void {
    rmSync(this.workRoot, { recursive: true, force: true })
  }
}
