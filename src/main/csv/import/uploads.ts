import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { AppError } from '../../../shared/contract/errors'
import type { ImportFile } from './session'

const ID = /^[A-Za-z0-9_-]{20,64}$/

export function uploadDir(dataDir: string): string {
  return join(dataDir, 'imports', 'uploads')
}

/** Uploads do not outlive the process that received them: the sessions that used them are gone. */
export function clearUploads(dataDir: string): void {
  rmSync(uploadDir(dataDir), { recursive: true, force: true })
  mkdirSync(uploadDir(dataDir), { recursive: true })
}

/**
 * Browser mode: the page streams the file it was given (file input or drop) here, chunk by chunk,
 * into a file of its own; the page never holds it whole and neither does this process.
 */
export async function saveUpload(
  dataDir: string,
  name: string,
  body: AsyncIterable<Buffer>
): Promise<{ uploadId: string; size: number }> {
  const uploadId = randomBytes(18).toString('base64url')
  const dir = uploadDir(dataDir)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${uploadId}.csv`)
  try {
    await pipeline(Readable.from(body), createWriteStream(path, { flags: 'wx' }))
    const cleanName = basename(name.replace(/\\/g, '/')).slice(0, 200) || 'upload.csv'
    await writeFile(join(dir, `${uploadId}.json`), JSON.stringify({ name: cleanName }))
    return { uploadId, size: (await stat(path)).size }
  } catch (err) {
    await rm(path, { force: true })
    throw err
  }
}

export async function openUpload(dataDir: string, uploadId: string): Promise<ImportFile> {
  if (!ID.test(uploadId)) throw new AppError('INVALID_INPUT', 'That is not an upload id.')
  const dir = uploadDir(dataDir)
  const path = join(dir, `${uploadId}.csv`)
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) throw new AppError('NOT_FOUND', 'That upload is gone; choose the file again.')
  const meta = JSON.parse(await readFile(join(dir, `${uploadId}.json`), 'utf8').catch(() => '{}')) as { name?: string }
  await rm(join(dir, `${uploadId}.json`), { force: true })
  return { path, name: meta.name ?? 'upload.csv', size: info.size, owned: true }
}
