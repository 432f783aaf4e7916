import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Every file under `dir` (SQLite, -wal, -shm, logs, anything) whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = []
  const wanted = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')]
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) {
        const bytes = await readFile(full)
        if (wanted.some((w) => bytes.includes(w))) hits.push(full)
      }
    }
  }
  await walk(dir)
  return hits
}

export async function countFiles(dir: string): Promise<number> {
  let n = 0
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(path, entry.name))
      else n++
    }
  }
  await walk(dir)
  return n
}
