import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { watchProcess } from './rss'
import type { ShellInfo } from './types'

// node-sqlite3's own build (node_modules/sqlite3/deps/sqlite3.gyp, Release: -O3): the shell gets
// the same engine with the same options, so the baseline differs from us only in the driver.
const DEFINES = [
  'SQLITE_THREADSAFE=1',
  'HAVE_USLEEP=1',
  'SQLITE_ENABLE_FTS3',
  'SQLITE_ENABLE_FTS4',
  'SQLITE_ENABLE_FTS5',
  'SQLITE_ENABLE_RTREE',
  'SQLITE_ENABLE_DBSTAT_VTAB=1',
  'SQLITE_ENABLE_MATH_FUNCTIONS'
]

/** "3.52.0" → "3520000", the number SQLite's release tarballs are named by. */
function releaseNumber(version: string): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number)
  return String(major * 1_000_000 + minor * 10_000 + patch * 100)
}

function versionOf(binary: string): string | null {
  const run = spawnSync(binary, ['-version'], { encoding: 'utf8' })
  return run.status === 0 ? (run.stdout.split(' ')[0] ?? null) : null
}

/**
 * The sqlite3 shell built once into .bench/ from the amalgamation the npm driver ships
 * (node_modules/sqlite3/deps/sqlite-autoconf-*.tar.gz has shell.c beside sqlite3.c). Without gcc
 * or shell.c it falls back to the sqlite3 on PATH and says how far that is from the driver.
 */
export function sqliteShell(root: string, benchDir: string): ShellInfo {
  // The version of the SQLite compiled into node_sqlite3.node.
  const version = sqlite3.VERSION
  const release = releaseNumber(version)
  const dir = join(benchDir, `sqlite-${release}`)
  const binary = join(dir, 'sqlite3')
  const built = `built from node_modules/sqlite3/deps/sqlite-autoconf-${release}.tar.gz with gcc -O3 and the driver's options`
  if (existsSync(binary)) return { path: binary, version, how: `${built} (cached in ${dir})` }

  const deps = join(root, 'node_modules', 'sqlite3', 'deps')
  const tarball = readdirSync(deps).find((name) => name === `sqlite-autoconf-${release}.tar.gz`)
  const problem = !tarball
    ? `node_modules/sqlite3/deps has no sqlite-autoconf-${release}.tar.gz`
    : spawnSync('gcc', ['--version']).status !== 0
      ? 'gcc is missing (apt-get install gcc)'
      : null
  if (problem === null) {
    const src = join(dir, 'src')
    mkdirSync(src, { recursive: true })
    const top = `sqlite-autoconf-${release}`
    const extract = spawnSync('tar', [
      'xzf',
      join(deps, tarball!),
      '-C',
      src,
      '--strip-components=1',
      `${top}/shell.c`,
      `${top}/sqlite3.c`,
      `${top}/sqlite3.h`
    ])
    if (extract.status === 0) {
      process.stderr.write(`bench: compiling the sqlite3 shell ${version} (once, about a minute)…\n`)
      execFileSync(
        'gcc',
        [
          '-O3',
          ...DEFINES.map((d) => `-D${d}`),
          join(src, 'shell.c'),
          join(src, 'sqlite3.c'),
          '-lpthread',
          '-ldl',
          '-lm',
          '-o',
          `${binary}.tmp`
        ],
        { stdio: 'inherit' }
      )
      renameSync(`${binary}.tmp`, binary)
      rmSync(src, { recursive: true, force: true })
      return { path: binary, version, how: built }
    }
  }
  const fallback = versionOf('sqlite3')
  if (fallback === null) {
    throw new Error(
      `No sqlite3 shell: ${problem ?? 'the tarball has no shell.c'}, and none on PATH. ` +
        'Install gcc (apt-get install gcc) so the bench can build the matching one.'
    )
  }
  const mismatch =
    fallback === version
      ? ''
      : ` — NOT the driver's SQLite ${version}: ratios compare different engines. To get the matching shell, ` +
        `install gcc (the bench builds it from node_modules/sqlite3/deps) or download sqlite-tools ${version} from sqlite.org.`
  return {
    path: 'sqlite3',
    version: fallback,
    how: `the sqlite3 on PATH (${fallback}), because ${problem ?? 'the tarball has no shell.c'}${mismatch}`
  }
}

export interface ShellRun {
  seconds: number
  peakRssMB: number | null
  cpuSeconds: number | null
  stdout: string
}

/** Runs a script through the shell on `db`, timing it from spawn to exit and sampling its peak RSS. */
export function runShell(shell: string, db: string, script: string): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(shell, ['-bail', db], { stdio: ['pipe', 'pipe', 'pipe'] })
    const watch = watchProcess(child.pid!)
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000
      const { peakRssMB, cpuSeconds } = watch()
      if (code !== 0) reject(new Error(`sqlite3 shell exited ${code}: ${Buffer.concat(err).toString().trim()}`))
      else resolve({ seconds, peakRssMB, cpuSeconds, stdout: Buffer.concat(out).toString() })
    })
    child.stdin.end(script)
  })
}
