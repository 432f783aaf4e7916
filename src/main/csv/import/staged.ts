// The rows the check pass read, kept on disk until the commit: the commit then writes what was
// checked instead of reading, decoding and validating the whole file a second time (that second
// pass was half of an import's time). One JSON line per batch, written and read back in order, so
// neither side holds more than a batch.
import { once } from 'node:events'
import { createReadStream, createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { makePrivateDir } from '../../private-files'
import { ImportCancelled } from './errors'
import type { CheckedRow } from './validate'

/** One batch as the check saw it: its rows checked (before the repeats in the file are marked). */
export interface StagedBatch {
  rows: CheckedRow[]
  blank: number
  ragged: number
  bytesRead: number
}

export function stageDir(dataDir: string): string {
  return join(dataDir, 'imports', 'staged')
}

/** Staged rows do not outlive the process: the sessions they belong to are gone. */
export function clearStaged(dataDir: string): void {
  rmSync(stageDir(dataDir), { recursive: true, force: true })
  mkdirSync(stageDir(dataDir), { recursive: true })
}

export class StageWriter {
  private constructor(
    readonly path: string,
    private readonly out: WriteStream
  ) {}

  static async create(dir: string, name: string): Promise<StageWriter> {
    makePrivateDir(dir)
    const path = join(dir, `${name}.jsonl`)
    // Lead data: private like the database it will end up in. A few batches may wait for the disk
    // while the next is checked (with the default 16 KB, every batch waited for its own write).
    const out = createWriteStream(path, { mode: 0o600, highWaterMark: 4 * 1024 * 1024 })
    await once(out, 'open')
    return new StageWriter(path, out)
  }

  /** Waits when the disk is behind, so batches never pile up in memory. */
  async write(batch: StagedBatch): Promise<void> {
    if (!this.out.write(`${JSON.stringify(batch)}\n`)) await once(this.out, 'drain')
  }

  async finish(): Promise<string> {
    this.out.end()
    await once(this.out, 'finish')
    return this.path
  }

  async discard(): Promise<void> {
    this.out.destroy()
    await removeStaged(this.path)
  }
}

export function removeStaged(path: string | null): Promise<void> {
  return path ? rm(path, { force: true }) : Promise.resolve()
}

/**
 * The staged batches, in the order they were written. Read chunk by chunk from the stream's own
 * iterator, which waits for the consumer: readline's would keep reading lines ahead of a slow
 * commit, up to the whole file.
 */
export async function* readStaged(path: string, signal: AbortSignal): AsyncGenerator<StagedBatch> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 })
  let pending = ''
  try {
    for await (const chunk of input) {
      if (signal.aborted) throw new ImportCancelled()
      pending += String(chunk)
      let end = pending.indexOf('\n')
      while (end >= 0) {
        const line = pending.slice(0, end)
        pending = pending.slice(end + 1)
        // Written by StageWriter in this process from StagedBatch values: its own shape comes back.
        if (line !== '') yield JSON.parse(line) as StagedBatch
        end = pending.indexOf('\n')
      }
    }
    if (pending.trim() !== '') throw new Error('the staged rows end in the middle of a batch')
  } finally {
    input.destroy()
  }
}
