// The check's worker thread: reads, decodes, parses and validates the file given in workerData
// (a CheckInput) and posts the checked batches, never more than the caller has asked for.
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../../shared/contract/errors'
import { checkFile, type CheckInput } from './check-file'
import { BATCHES_AHEAD, type CheckCredit, type CheckReport } from './check-protocol'
import { ImportFileError } from './errors'

const port = parentPort
if (!port) throw new Error('check-worker.ts runs as a worker thread')

let credit = BATCHES_AHEAD
let wake: (() => void) | null = null
port.on('message', (message: CheckCredit) => {
  credit += message.n
  wake?.()
})

const send = (report: CheckReport): void => port.postMessage(report)

async function run(): Promise<void> {
  // Structured clone of the CheckInput check-thread.ts built: its own shape comes back.
  for await (const batch of checkFile(workerData as CheckInput)) {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve))
    wake = null
    credit--
    send({ type: 'batch', batch })
  }
  send({ type: 'done' })
}

run().then(
  () => port.close(),
  (err: unknown) => {
    send({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      code: err instanceof AppError ? err.code : null,
      problem: err instanceof ImportFileError ? err.problem : null
    })
    port.close()
  }
)
