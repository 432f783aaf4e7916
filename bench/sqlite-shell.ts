import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The sqlite3 shell built from the same SQLite release the npm driver bundles. Debian's shell is
 * older than the FTS5 options our schema uses, and comparing like with like needs the same engine.
 */
export function sqliteShell(root: string): string {
  const dir = join(root, 'node_modules', '.cache', 'lead-manager-sqlite-shell')
  const binary = join(dir, 'sqlite3')
  if (existsSync(binary)) return binary
  mkdirSync(dir, { recursive: true })
  const tarball = join(root, 'node_modules', 'sqlite3', 'deps', 'sqlite-autoconf-3520000.tar.gz')
  execFileSync('tar', [
    'xzf',
    tarball,
    '-C',
    dir,
    '--strip-components=1',
    'sqlite-autoconf-3520000/shell.c',
    'sqlite-autoconf-3520000/sqlite3.c',
    'sqlite-autoconf-3520000/sqlite3.h'
  ])
  // The same compile-time options that matter here as node-sqlite3's build (FTS5, JSON, threads).
  execFileSync(
    'gcc',
    [
      '-O2',
      '-DSQLITE_ENABLE_FTS5',
      '-DSQLITE_THREADSAFE=1',
      '-DSQLITE_ENABLE_MATH_FUNCTIONS',
      join(dir, 'shell.c'),
      join(dir, 'sqlite3.c'),
      '-lpthread',
      '-ldl',
      '-lm',
      '-o',
      binary
    ],
    {
      stdio: 'inherit'
    }
  )
  return binary
}
