import {
  BULK_MAX_LEADS,
  type BulkAction,
  type BulkHistoryEntry,
  type BulkPreview,
  type BulkProgress,
  type BulkResult,
  type BulkSelection,
  type BulkUndoResult
} from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Clock } from '../clock'
import type { Database } from '../db'
import type { EventBus } from '../events'
import { applyBulkEdit, bulkHistory, previewCounts, selectedLeadIds, undoBulkEdit } from '../leads'
import { PUSH } from '../providers'

export interface BulkDeps {
  db: Database
  events: Pick<EventBus, 'emit'>
  clock: Clock
}

/** Progress events at most this often: a 100,000-lead edit has 200 chunks. */
const PROGRESS_EVERY_MS = 100

/**
 * Bulk edits: the preview, the edit as a job that reports progress and can be cancelled, the
 * history and undo. The edit runs in one write transaction, so it is kept whole or not at all, and
 * it is answered only once that transaction has committed.
 */
export class BulkService {
  private readonly jobs = new Map<string, AbortController>()

  constructor(private readonly deps: BulkDeps) {}

  async preview(selection: BulkSelection, action: BulkAction): Promise<BulkPreview> {
    const counts = await previewCounts(this.deps.db, selection, action, this.now())
    const platforms = counts.map(({ platform, selected, unchanged }) => {
      const changes = selected - unchanged
      const readOnly = PUSH.requestsPerSecond[platform] === 0
      const pushed = readOnly ? 0 : changes
      return {
        platform,
        selected,
        changes,
        unchanged,
        pushed,
        localOnly: readOnly ? changes : 0,
        estimatedSeconds: readOnly ? 0 : pushed / PUSH.requestsPerSecond[platform]
      }
    })
    const sum = (pick: (p: (typeof platforms)[number]) => number): number => platforms.reduce((n, p) => n + pick(p), 0)
    return {
      selected: sum((p) => p.selected),
      changes: sum((p) => p.changes),
      unchanged: sum((p) => p.unchanged),
      platforms: platforms.filter((p) => p.selected > 0),
      // The platforms are pushed to at the same time: the slowest one decides.
      estimatedSeconds: Math.max(0, ...platforms.map((p) => p.estimatedSeconds))
    }
  }

  async apply(
    jobId: string,
    selection: BulkSelection,
    action: BulkAction
  ): Promise<BulkResult & { connectionIds: string[] }> {
    if (this.jobs.has(jobId)) throw new AppError('CONFLICT', `Bulk edit ${jobId} is already running.`)
    const controller = new AbortController()
    this.jobs.set(jobId, controller)
    const report = (phase: BulkProgress['phase'], done: number, total: number): void =>
      this.deps.events.emit('bulk.progress', { jobId, phase, done, total })
    let lastReport = 0
    let total = 0
    report('selecting', 0, 0)
    try {
      const result = await this.deps.db.write(async (tx) => {
        controller.signal.throwIfAborted()
        const ids = await selectedLeadIds(tx, selection, this.now())
        if (ids.length > BULK_MAX_LEADS) {
          throw new AppError('INVALID_INPUT', `A bulk edit may change at most ${BULK_MAX_LEADS} leads.`)
        }
        total = ids.length
        const applied = await applyBulkEdit(tx, ids, action, this.deps.clock.now(), {
          signal: controller.signal,
          onProgress: (done, of) => {
            if (Date.now() - lastReport < PROGRESS_EVERY_MS) return
            lastReport = Date.now()
            report('writing', done, of)
          }
        })
        report('committing', total, total)
        return applied
      })
      report('done', total, total)
      return result
    } catch (err) {
      if (controller.signal.aborted) {
        report('cancelled', 0, total)
        throw new AppError('CANCELLED', 'The bulk edit was cancelled; nothing was changed.')
      }
      report('failed', 0, total)
      throw err
    } finally {
      this.jobs.delete(jobId)
    }
  }

  /** Stops a running bulk edit; false when there is none by that id (finished, or never started). */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId)
    job?.abort()
    return job !== undefined
  }

  history(limit = 50): Promise<BulkHistoryEntry[]> {
    return bulkHistory(this.deps.db, limit)
  }

  undo(id: number, force: boolean): Promise<BulkUndoResult & { connectionIds: string[] }> {
    return this.deps.db.write((tx) => undoBulkEdit(tx, id, force, this.deps.clock.now()))
  }

  private now(): Date {
    return new Date(this.deps.clock.now())
  }
}
