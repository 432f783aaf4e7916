import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Connection, Database } from '../../src/main/db/database'
import { makePrivateDir } from '../../src/main/private-files'
import { startTestApp } from '../helpers/app'
import { tempDir } from '../helpers/temp-dir'

// Finding 9: the data directory is private, and a database from a newer version is left untouched.

let dir: { path: string; cleanup: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(() => dir.cleanup())

const modeOf = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8)

async function expectPrivate(dataDir: string): Promise<void> {
  expect(await modeOf(dataDir)).toBe('700')
  expect(await modeOf(join(dataDir, 'logs'))).toBe('700')
  const files = ['leads.sqlite', 'leads.sqlite-wal', 'leads.sqlite-shm', join('logs', 'lead-manager.log')]
  for (const file of files) expect(await modeOf(join(dataDir, file)), file).toBe('600')
}

it('creates the data directory 0700 and the database, WAL, SHM and log 0600', async () => {
  const dataDir = join(dir.path, 'data')
  const app = await startTestApp({ dataDir })
  try {
    await app.call('settings.update', { syncIntervalMinutes: 5 })
    await expectPrivate(dataDir)
  } finally {
    await app.close()
  }
})

it('makes an existing, readable-by-all data directory private when it opens it', async () => {
  const dataDir = join(dir.path, 'data')
  const first = await startTestApp({ dataDir })
  await first.close()
  await chmod(dataDir, 0o755)
  await chmod(join(dataDir, 'logs'), 0o755)
  for (const file of await readdir(dataDir)) {
    if (file.startsWith('leads.sqlite')) await chmod(join(dataDir, file), 0o644)
  }
  await chmod(join(dataDir, 'logs', 'lead-manager.log'), 0o644)

  const again = await startTestApp({ dataDir })
  try {
    await again.call('settings.update', { syncIntervalMinutes: 7 })
    await expectPrivate(dataDir)
  } finally {
    await again.close()
  }
})

it('leaves a shared folder (sticky, like /tmp) open to its other users when pointed at one', async () => {
  const shared = join(dir.path, 'shared')
  await mkdir(shared)
  await chmod(shared, 0o1777)
  makePrivateDir(shared)
  expect(((await stat(shared)).mode & 0o7777).toString(8)).toBe('1777')
  // A folder the app makes inside it is still private.
  makePrivateDir(join(shared, 'data'))
  expect(await modeOf(join(shared, 'data'))).toBe('700')
})

it('refuses a database from a newer version without changing a byte of it', async () => {
  const file = join(dir.path, 'leads.sqlite')
  const conn = await Connection.open(file)
  await conn.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 99')
  await conn.close()
  const old = new Date('2020-01-01T00:00:00Z')
  const { utimes } = await import('node:fs/promises')
  await utimes(file, old, old)
  const before = await readFile(file)

  await expect(Database.open(file)).rejects.toThrow(/newer/)
  expect((await readFile(file)).equals(before)).toBe(true)
  expect((await stat(file)).mtime.toISOString()).toBe(old.toISOString())
  expect(await readdir(dir.path)).toEqual(['leads.sqlite'])
})

it('refuses it through the app too, leaving the data directory as it was', async () => {
  const dataDir = join(dir.path, 'data')
  await mkdir(dataDir)
  const file = join(dataDir, 'leads.sqlite')
  const conn = await Connection.open(file)
  await conn.exec('PRAGMA user_version = 42')
  await conn.close()
  const before = await readFile(file)
  await expect(startTestApp({ dataDir })).rejects.toThrow(/newer version of Lead Manager/)
  expect((await readFile(file)).equals(before)).toBe(true)
  expect((await readdir(dataDir)).filter((f) => f.startsWith('leads.sqlite'))).toEqual(['leads.sqlite'])
})

it('writes nothing readable by others when the log exists already', async () => {
  const dataDir = join(dir.path, 'data')
  await mkdir(join(dataDir, 'logs'), { recursive: true })
  await writeFile(join(dataDir, 'logs', 'lead-manager.log'), 'an old line\n', { mode: 0o644 })
  const app = await startTestApp({ dataDir })
  try {
    expect(await modeOf(join(dataDir, 'logs', 'lead-manager.log'))).toBe('600')
  } finally {
    await app.close()
  }
})
