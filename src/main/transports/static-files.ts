import { readdirSync, readFileSync, statSync } from 'node:fs'
import { stat, readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Past this many bytes held, further files are read from disk when asked for. */
const MAX_HELD_BYTES = 16 * 1024 * 1024

export interface StaticFile {
  body: Buffer
  contentType: string
  /** The page itself is fetched anew each time; the hashed bundle files may be cached. */
  cacheControl: string
}

/**
 * The built renderer, read into memory when the server starts (about 1 MB): the page asks for ~20
 * files at once as it starts, and each read from disk took several trips through libuv's thread
 * pool (stat, open, reads, close), each waiting for the JS thread, while the app's own start and
 * the browser competed for the same two cores. Measured at 1,000,000 leads, the last script the
 * first screen needs arrived ~400 ms after it was asked for. From memory, a file is one write.
 * A file that is not held (added after the start, or too big) is still read from disk.
 */
export class StaticFiles {
  private readonly held = new Map<string, StaticFile>()
  private readonly root: string

  constructor(dir: string) {
    this.root = normalize(dir)
    let total = 0
    for (const relative of filesUnder(this.root, '')) {
      const file = join(this.root, relative)
      const size = statSync(file).size
      if (total + size > MAX_HELD_BYTES) continue
      total += size
      this.held.set(relative, describe(file, readFileSync(file)))
    }
  }

  /** The file at URL path `pathname`, or null if there is none inside the directory. */
  async get(pathname: string): Promise<StaticFile | null> {
    let relative: string
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
    } catch {
      return null
    }
    const file = normalize(join(this.root, relative))
    if (!file.startsWith(this.root + sep)) return null
    const held = this.held.get(file.slice(this.root.length + 1))
    if (held) return held
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return null
    return describe(file, await readFile(file))
  }
}

function describe(file: string, body: Buffer): StaticFile {
  const ext = extname(file)
  return {
    body,
    contentType: MIME[ext] ?? 'application/octet-stream',
    cacheControl: ext === '.html' ? 'no-store' : 'max-age=3600'
  }
}

/** Paths of the regular files under `dir`, relative to the root, with the platform's separator. */
function filesUnder(root: string, dir: string): string[] {
  let entries
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const relative = dir ? join(dir, entry.name) : entry.name
    if (entry.isDirectory()) return filesUnder(root, relative)
    return entry.isFile() ? [relative] : []
  })
}
