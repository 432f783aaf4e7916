import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { WriteChunk } from './export-run'

/** How much is written between two flushes to disk during the export. */
const SYNC_EVERY = 32 * 2 ** 20

/** The hidden file beside `target` that an export writes before it takes the chosen name. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`)
}

/**
 * Lets `produce` write the file, then gives it its name in one rename; if `produce` fails or is
 * cancelled, the temp file goes and nothing ever appears under the chosen name. Beside the target,
 * not in /tmp, so the rename stays on one file system and is atomic.
 */
export async function writeFileAtomically(
  target: string,
  produce: (write: WriteChunk) => Promise<void>
): Promise<void> {
  const temp = tempPathFor(target)
  const file = await open(temp, 'wx')
  // A flush to disk started every SYNC_EVERY bytes runs while the export builds its next pages,
  // so the last one, which the rename waits for, has only the tail of the file left to write.
  const flush: { running: Promise<void> | null } = { running: null }
  let unsynced = 0
  try {
    await produce(async (chunk) => {
      let offset = 0
      while (offset < chunk.length) {
        const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset)
        offset += bytesWritten
      }
      unsynced += chunk.length
      if (unsynced >= SYNC_EVERY) {
        await flush.running
        unsynced = 0
        const running = file.datasync()
        flush.running = running
        // Awaited before the next flush or at the end; not an unhandled rejection meanwhile.
        running.catch(() => undefined)
      }
    })
    await flush.running
    // On disk before it has the name: a crash right after the rename must not leave an empty file.
    await file.datasync()
    await file.close()
    await rename(temp, target)
  } catch (err) {
    await flush.running?.catch(() => undefined)
    await file.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw err
  }
}
