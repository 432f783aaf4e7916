import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Connection } from '../../src/main/db/database'
import { tempDir } from '../helpers/temp-dir'

// Finding 9: what goes wrong at startup reaches the user in plain words, and browser mode exits non-zero.

const ROOT = resolve(__dirname, '../..')
const NOBODY = 65534

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
}

/** Starts browser mode as the user would (`npm run browser` without the build) and waits for it to give up. */
function startBrowserMode(dataDir: string, asUser?: number): Promise<Outcome> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: asUser === undefined ? process.env.HOME : '/tmp' }
    delete env.LEADS_DATA_DIR
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/main/browser-mode.ts'), '--data-dir', dataDir, '--port', '0'],
      { cwd: ROOT, env, ...(asUser === undefined ? {} : { uid: asUser, gid: asUser }) }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      // It started after all: stop it, and let the test fail on the exit code and the words.
      if (stdout.includes('is running at')) child.kill('SIGTERM')
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('exit', (code) => done({ code, stdout, stderr }))
  })
}

function expectPlainWords(outcome: Outcome, words: RegExp): void {
  expect(outcome.code, outcome.stderr).not.toBe(0)
  expect(outcome.stdout).not.toContain('is running at')
  expect(outcome.stderr).toMatch(words)
  // No errno text, SQLite codes or stack frames in what the user reads.
  expect(outcome.stderr).not.toMatch(/\b(EACCES|ENOSPC|EEXIST|ENOTDIR|SQLITE_\w+)\b[,:]|Error:|\n\s+at /)
}

let dir: { path: string; cleanup: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(() => dir.cleanup())

it('says the database is from a newer version, and leaves it as it was', async () => {
  const file = join(dir.path, 'leads.sqlite')
  const conn = await Connection.open(file)
  await conn.exec('CREATE TABLE t (x); PRAGMA user_version = 77')
  await conn.close()
  const before = await readFile(file)
  expectPlainWords(await startBrowserMode(dir.path), /newer version of Lead Manager.*Update Lead Manager/s)
  expect((await readFile(file)).equals(before)).toBe(true)
})

it('says the database is damaged, and what to do', async () => {
  await writeFile(join(dir.path, 'leads.sqlite'), randomBytes(16 * 1024))
  expectPlainWords(await startBrowserMode(dir.path), /damaged.*Move leads\.sqlite/s)
})

it('says a file is in the way of the data folder', async () => {
  const notAFolder = join(dir.path, 'data')
  await writeFile(notAFolder, 'I am a file')
  expectPlainWords(await startBrowserMode(notAFolder), /not a folder/)
})

it('says it may not use the data folder', async () => {
  const locked = join(dir.path, 'locked')
  await mkdir(locked, { mode: 0o700 })
  if (process.getuid?.() === 0) {
    // Root may write anywhere: run as nobody, for whom the folder is closed.
    await chmod(dir.path, 0o755)
    expectPlainWords(await startBrowserMode(join(locked, 'data'), NOBODY), /not allowed to read or write/)
  } else {
    await chmod(locked, 0o500)
    expectPlainWords(await startBrowserMode(join(locked, 'data')), /not allowed to read or write/)
    await chmod(locked, 0o700)
  }
})

describe('on a full disk', () => {
  const mountPoint = (): string => join(dir.path, 'small-disk')
  let mounted = false
  beforeEach(async () => {
    await mkdir(mountPoint())
    // A real 256 KB filesystem, when this machine lets us mount one (root, as in CI's container).
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint()]).status === 0
  })
  afterEach(() => {
    if (mounted) spawnSync('umount', [mountPoint()])
  })

  it('says the disk is full, and what to do', async (context) => {
    if (!mounted) return context.skip('cannot mount a small filesystem here (needs root)')
    const data = join(mountPoint(), 'data')
    await mkdir(data)
    // Fill the disk, leaving less than SQLite needs for a new database.
    await writeFile(join(mountPoint(), 'filler'), Buffer.alloc(256 * 1024)).catch(() => undefined)
    expectPlainWords(await startBrowserMode(data), /disk .*is full.*Free some space/s)
  })
})
