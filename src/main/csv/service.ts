import { randomBytes, randomUUID } from 'node:crypto'
import type { ExportProgress } from '../../shared/contract/csv-export'
import { AppError } from '../../shared/contract/errors'
import type { LeadQueryInput } from '../../shared/contract/query'
import type { Database } from '../db'
import { errorCode, errorMessage } from '../error-fields'
import type { EventBus } from '../events'
import type { Logger } from '../logger'
import { ExportCancelled, runExport, type ExportPlan, type RunProgress, type WriteChunk } from './export-run'
import { attributeKeys } from './export-store'
import { writeFileAtomically } from './file-target'
import { compileSelection } from './selection'

export interface CsvExportDeps {
  db: Database
  events: EventBus
  logger: Logger
  /** How long a browser-mode download URL waits to be fetched (a minute unless a test says). */
  downloadTtlMs?: number
}

/** A download the HTTP transport streams: what `startHttpServer`'s `downloads` option expects. */
export interface ExportDownload {
  fileName: string
  contentType: string
  /** Writes the whole file through `write`; rejects if it fails or is cancelled (the response must then be cut). */
  stream(write: WriteChunk, signal: AbortSignal): Promise<void>
}

interface Run {
  controller: AbortController
  progress: ExportProgress
  finished: boolean
  done: Promise<unknown>
}

interface PendingDownload {
  exportId: string
  plan: ExportPlan
  fileName: string
  expiresAt: number
}

const MAX_RUNNING = 4
const KEPT_FINISHED = 20
const DOWNLOAD_TTL_MS = 60_000
const PROGRESS_INTERVAL_MS = 100

/** `work`, unless `signal` aborts first: a stalled browser must not keep a cancelled export waiting. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ExportCancelled())
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new ExportCancelled())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function describeFailure(err: unknown): string {
  const code = errorCode(err)
  if (code === 'ENOSPC') return 'The disk is full.'
  if (code === 'EACCES' || code === 'EPERM') return 'Lead Manager may not write to that folder.'
  if (code === 'EROFS') return 'That disk is read-only.'
  return `The export failed: ${errorMessage(err)}`
}

/**
 * Runs CSV exports in the background, one private read connection each, and reports their progress
 * as `export.progress` events. Desktop exports go to a file picked in the save dialog; browser-mode
 * exports wait behind a one-time secret URL until the browser fetches them.
 */
export class CsvExportService {
  private readonly runs = new Map<string, Run>()
  private readonly downloads = new Map<string, PendingDownload>()

  private readonly db: Database
  private readonly events: EventBus
  private readonly logger: Logger
  private readonly downloadTtlMs: number

  constructor(deps: CsvExportDeps) {
    this.db = deps.db
    this.events = deps.events
    this.logger = deps.logger
    this.downloadTtlMs = deps.downloadTtlMs ?? DOWNLOAD_TTL_MS
  }

  /** The custom attribute keys among the leads a view matches: the column chooser's attribute columns. */
  attributeKeys(query: LeadQueryInput): Promise<{ keys: string[]; truncated: boolean }> {
    return attributeKeys(this.db, compileSelection(query))
  }

  /** Starts writing `path` (chosen in the save dialog); returns at once with the export's id. */
  startToFile(plan: ExportPlan, path: string, fileName: string): string {
    this.checkCapacity()
    const exportId = randomUUID()
    const run = this.track(exportId, fileName, (signal, onProgress) =>
      writeFileAtomically(path, async (write) => {
        await runExport(this.db, plan, write, { signal, onProgress })
      })
    )
    run.catch(() => undefined)
    return exportId
  }

  /** Browser mode: a one-time URL for the browser to download the export from, within a minute. */
  prepareDownload(plan: ExportPlan, fileName: string): { exportId: string; downloadUrl: string } {
    this.checkCapacity()
    const exportId = randomUUID()
    const secret = randomBytes(32).toString('base64url')
    this.downloads.set(secret, { exportId, plan, fileName, expiresAt: Date.now() + this.downloadTtlMs })
    // A browser that never asks (a blocked download) must not leave the export "waiting" for good.
    setTimeout(() => this.dropExpired(), this.downloadTtlMs + 50).unref()
    this.runs.set(exportId, {
      controller: new AbortController(),
      progress: this.progressOf(exportId, fileName, 'waiting'),
      finished: false,
      done: Promise.resolve()
    })
    return { exportId, downloadUrl: `/api/download/${secret}` }
  }

  /** The download behind `secret`, once: asking spends it. */
  openDownload(secret: string): ExportDownload | null {
    this.dropExpired()
    const pending = this.downloads.get(secret)
    if (!pending) return null
    this.downloads.delete(secret)
    const waiting = this.runs.get(pending.exportId)
    if (!waiting || waiting.finished) return null
    return {
      fileName: pending.fileName,
      contentType: 'text/csv; charset=utf-8',
      stream: (write, signal) => {
        const run = this.track(pending.exportId, pending.fileName, (runSignal, onProgress) =>
          runExport(this.db, pending.plan, (chunk) => untilAborted(write(chunk), runSignal), {
            signal: runSignal,
            onProgress
          })
        )
        // The browser went away (its download was cancelled): cancel the export with it.
        signal.addEventListener('abort', () => this.cancel(pending.exportId), { once: true })
        return run.then(() => undefined)
      }
    }
  }

  cancel(exportId: string): boolean {
    const run = this.runs.get(exportId)
    if (!run || run.finished) return false
    run.controller.abort()
    if (run.progress.phase === 'waiting') {
      for (const [secret, pending] of this.downloads) if (pending.exportId === exportId) this.downloads.delete(secret)
      this.finish(run, 'cancelled', null)
    }
    return true
  }

  status(exportId: string): ExportProgress | null {
    return this.runs.get(exportId)?.progress ?? null
  }

  /** Settles when the export has finished, however it ended, with its last progress. */
  async settled(exportId: string): Promise<ExportProgress | null> {
    await this.runs.get(exportId)?.done
    return this.status(exportId)
  }

  async stop(): Promise<void> {
    this.downloads.clear()
    for (const run of this.runs.values()) run.controller.abort()
    await Promise.all([...this.runs.values()].map((run) => run.done.catch(() => undefined)))
  }

  private checkCapacity(): void {
    this.dropExpired()
    const running = [...this.runs.values()].filter((run) => !run.finished).length
    if (running >= MAX_RUNNING) {
      throw new AppError('CONFLICT', `${MAX_RUNNING} exports are running already; wait for one to finish.`)
    }
  }

  private dropExpired(): void {
    const now = Date.now()
    for (const [secret, pending] of this.downloads) {
      if (pending.expiresAt > now) continue
      this.downloads.delete(secret)
      const run = this.runs.get(pending.exportId)
      if (run && !run.finished) this.finish(run, 'cancelled', 'The download was not picked up in time.')
    }
  }

  private progressOf(exportId: string, fileName: string, phase: ExportProgress['phase']): ExportProgress {
    return { exportId, phase, rows: 0, total: null, bytes: 0, fraction: null, fileName, message: null }
  }

  /** Runs `work` as export `exportId`, keeping its progress and emitting it; resolves or rejects with it. */
  private track(
    exportId: string,
    fileName: string,
    work: (signal: AbortSignal, onProgress: (progress: RunProgress) => void) => Promise<unknown>
  ): Promise<unknown> {
    const previous = this.runs.get(exportId)
    const controller = previous?.controller ?? new AbortController()
    const run: Run = {
      controller,
      progress: this.progressOf(exportId, fileName, 'counting'),
      finished: false,
      done: Promise.resolve()
    }
    this.runs.set(exportId, run)
    this.trim()
    this.events.emit('export.progress', run.progress)
    let lastEmit = 0
    const onProgress = ({ phase, rows, total, bytes }: RunProgress): void => {
      const fraction = total === null ? null : total === 0 ? 1 : rows / total
      // A new phase and the first rows show at once; after that, a few updates a second are plenty.
      const changed = phase !== run.progress.phase || (run.progress.rows === 0 && rows > 0)
      run.progress = { ...run.progress, phase, rows, total, bytes, fraction }
      const now = Date.now()
      if (changed || now - lastEmit >= PROGRESS_INTERVAL_MS) {
        lastEmit = now
        this.events.emit('export.progress', run.progress)
      }
    }
    const done = (async () => {
      if (controller.signal.aborted) throw new ExportCancelled()
      return work(controller.signal, onProgress)
    })()
    run.done = done.then(
      () => this.finish(run, 'done', null),
      (err: unknown) => {
        if (err instanceof ExportCancelled || controller.signal.aborted) this.finish(run, 'cancelled', null)
        else {
          this.logger.error(`export ${exportId} failed`, err)
          this.finish(run, 'failed', describeFailure(err))
        }
      }
    )
    return done
  }

  private finish(run: Run, phase: 'done' | 'cancelled' | 'failed', message: string | null): void {
    if (run.finished) return
    run.finished = true
    const fraction = phase === 'done' ? 1 : run.progress.fraction
    run.progress = { ...run.progress, phase, message, fraction }
    this.events.emit('export.progress', run.progress)
  }

  /** Keeps the progress of recent exports for `export.status`, not of every one since start. */
  private trim(): void {
    const finished = [...this.runs.entries()].filter(([, run]) => run.finished)
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.runs.delete(id)
  }
}
