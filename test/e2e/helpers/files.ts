import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect } from '@playwright/test'

/** Every file under `dir` (the SQLite file, its -wal and -shm, logs, anything else), recursively. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? listFiles(path) : Promise.resolve(entry.isFile() ? [path] : [])
    })
  )
  return nested.flat()
}

/** The files whose raw bytes contain `needle`, as UTF-8 or UTF-16LE. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')]
  const hits: string[] = []
  for (const file of await listFiles(dir)) {
    const bytes = await readFile(file)
    if (patterns.some((pattern) => bytes.includes(pattern))) hits.push(file)
  }
  return hits
}

/**
 * Reads the OS keychain from a separate Node process, as a user's other tools would: the service is
 * `lead-manager`, the account the connection id, the entry `{v, origin, token}`; returns the token.
 * Throws when keytar cannot reach a keychain.
 */
export async function keychainPassword(account: string): Promise<string | null> {
  const script =
    "require('keytar').getPassword('lead-manager', process.argv[1])" +
    '.then((v) => process.stdout.write(JSON.stringify(v)), (e) => { console.error(e.message); process.exit(1) })'
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, account], {
    cwd: resolve(__dirname, '../../..'),
    timeout: 20_000
  })
  const stored = JSON.parse(stdout) as string | null
  return stored === null ? null : (JSON.parse(stored) as { token: string }).token
}

/**
 * Waits until the sync on start has run (it starts 0.5 s after the page's first rows, or 3 s after
 * start): a connection created before it is synced by it, one created after waits for the interval.
 */
export async function afterSyncOnStart(logFile: string): Promise<void> {
  await expect
    .poll(async () => (await readFile(logFile, 'utf8').catch(() => '')).includes('sync on start:'), { timeout: 15_000 })
    .toBe(true)
}
