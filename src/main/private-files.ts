import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

// The data directory holds every lead and chat: only its owner may read it.
const DIR_MODE = 0o700
const FILE_MODE = 0o600

function chmodQuietly(path: string, mode: number): void {
  try {
    chmodSync(path, mode)
  } catch {
    // Not ours to change (another owner, a filesystem without modes): it opens as it is.
  }
}

/** The sticky bit: set on folders every user shares, such as /tmp. */
const STICKY = 0o1000

/**
 * Creates `dir` (and its parents) 0700, and makes an existing one 0700 — unless it is a shared
 * folder (sticky, like /tmp): pointed at one, the app must not close it to every other user.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE })
  if (statSync(dir).mode & STICKY) return
  chmodQuietly(dir, DIR_MODE)
}

/**
 * Creates `file` empty and 0600 if it is missing, and makes existing ones 0600, together with the
 * given companions (a database's -wal and -shm) where they exist. SQLite gives the -wal and -shm it
 * creates the database file's mode, so a private database keeps them private too.
 */
export function makePrivateFile(file: string, companions: readonly string[] = []): void {
  closeSync(openSync(file, 'a', FILE_MODE))
  chmodQuietly(file, FILE_MODE)
  for (const companion of companions) if (existsSync(companion)) chmodQuietly(companion, FILE_MODE)
}
