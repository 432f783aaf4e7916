import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../../shared/contract/errors'
import type { CheckedBatch, CheckInput } from './check-file'
import type { CheckCredit, CheckReport } from './check-protocol'
import { ImportCancelled, ImportFileError, type ImportFileProblem } from './errors'

/**
 * The worker's script: built by electron-vite into out/main beside the entries (this code may land
 * there or in out/main/chunks), or the source next to this file, loaded through tsx (dev, tests,
 * the bench), whose require hook a worker does not inherit.
 */
function workerScript(): { code: string; eval: boolean } {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'import-check.js')
    if (existsSync(built)) return { code: built, eval: false }
  }
  const source = join(__dirname, 'check-worker.ts')
  return {
    code: `require(require.resolve('tsx/cjs', { paths: [process.cwd(), ${JSON.stringify(__dirname)}] }));require(${JSON.stringify(source)})`,
    eval: true
  }
}

function errorFrom(report: Extract<CheckReport, { type: 'error' }>): Error {
  // Codes and problems come from this codebase's own errors, thrown in the worker.
  if (report.problem) return new ImportFileError(report.problem as ImportFileProblem, report.message)
  if (report.code) return new AppError(report.code as ErrorCode, report.message)
  return new Error(report.message)
}

/**
 * Checks a file on a worker thread, yielding its batches in order. The worker checks at most a few
 * batches ahead of the consumer; cancelling (or leaving the loop) ends it.
 */
export async function* checkOnWorker(input: CheckInput, signal: AbortSignal): AsyncGenerator<CheckedBatch> {
  if (signal.aborted) throw new ImportCancelled()
  const script = workerScript()
  const worker = new Worker(script.code, { eval: script.eval, workerData: input })
  const reports: (CheckReport | { type: 'exit'; code: number } | { type: 'failed'; error: Error })[] = []
  let wake: (() => void) | null = null
  const push = (report: (typeof reports)[number]): void => {
    reports.push(report)
    wake?.()
  }
  worker.on('message', push)
  worker.on('error', (error: Error) => push({ type: 'failed', error }))
  worker.on('exit', (code: number) => push({ type: 'exit', code }))
  const onAbort = (): void => wake?.()
  signal.addEventListener('abort', onAbort)
  try {
    for (;;) {
      if (signal.aborted) throw new ImportCancelled()
      const report = reports.shift()
      if (!report) {
        await new Promise<void>((resolve) => (wake = resolve))
        wake = null
        continue
      }
      if (report.type === 'batch') {
        worker.postMessage({ type: 'more', n: 1 } satisfies CheckCredit)
        yield report.batch
      } else if (report.type === 'done') return
      else if (report.type === 'error') throw errorFrom(report)
      else if (report.type === 'failed') throw report.error
      else throw new Error(`the import's check thread stopped (exit code ${report.code})`)
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    await worker.terminate()
  }
}
