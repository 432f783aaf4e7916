import type { SyncProgress } from '../../shared/contract'
import type { Database } from '../db'
import type { Logger } from '../logger'
import { unchangedRecords, upsertLeads } from '../leads'
import type { Connector, NormalizedLead, Page, StreamCursor, UnchangedFilter } from '../providers'
import { loadCheckpoint, saveCheckpoint } from './checkpoint-store'
import { withRetry } from './retry'

export interface PullOptions {
  db: Database
  connectionId: string
  connector: Connector
  signal: AbortSignal
  logger: Logger
  onProgress(progress: Omit<SyncProgress, 'connectionId'>): void
  /**
   * Rows per transaction: large enough to amortize the commit, small enough to lose little on a
   * kill, and what bounds memory: a connection holds at most this many rows waiting plus the ones
   * being written, whatever the number of leads.
   */
  batchRows?: number
  /** Leads already cached, to estimate how far a re-scan has come. */
  expectedRecords?: number
}

export interface PullResult {
  pages: number
  records: number
}

/**
 * Pages through every stream of a connection from its checkpoint. Each batch of rows is written
 * in one transaction together with the cursor that follows it, so a killed process resumes
 * exactly after the last committed batch. The next page is fetched while a batch is committed.
 */
export async function pull(options: PullOptions): Promise<PullResult> {
  const { db, connectionId, connector, signal, logger } = options
  const batchRows = options.batchRows ?? 1000
  const started = Date.now()
  let pages = 0
  let records = 0
  let fraction: number | null = null

  const report = (phase: SyncProgress['phase'], message: string | null = null): void => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000)
    const rate = records / seconds
    const expected = options.expectedRecords ?? 0
    const estimate = fraction ?? (expected > 0 ? Math.min(0.99, records / expected) : null)
    const eta = estimate && estimate > 0 && rate > 0 ? Math.max(0, (seconds / estimate) * (1 - estimate)) : null
    options.onProgress({
      phase,
      pages,
      records,
      ratePerSecond: Math.round(rate),
      etaSeconds: eta === null ? null : Math.round(eta),
      fraction: phase === 'done' ? 1 : estimate,
      message
    })
  }

  // Asked on the reader, before a page is mapped: see UnchangedFilter.
  const unchanged: UnchangedFilter = (received) => unchangedRecords(db, connectionId, received)

  report('pulling')
  for (const stream of connector.streams()) {
    let cursor: StreamCursor | null = await loadCheckpoint(db, connectionId, stream)
    let batch: NormalizedLead[] = []
    // Records read since the last commit, unchanged ones included: a re-scan stores its cursor as often.
    let read = 0
    let committing: Promise<void> = Promise.resolve()

    const commit = async (rows: NormalizedLead[], next: StreamCursor): Promise<void> => {
      await committing
      committing = db.write(async (tx) => {
        const now = new Date().toISOString()
        await upsertLeads(tx, connectionId, rows, now)
        await saveCheckpoint(tx, connectionId, stream, next, now)
      })
      // Surface a failed commit on the next await rather than as an unhandled rejection.
      committing.catch(() => undefined)
    }

    for (;;) {
      const page: Page = await withRetry(
        () => connector.fetchPage(stream, cursor, signal, unchanged),
        signal,
        (error, attempt, wait) => {
          logger.warn(`${connectionId}/${stream}: ${error.kind} (${error.message}); retry ${attempt} in ${wait} ms`)
          report('pulling', `Retrying after ${error.kind === 'rate-limited' ? 'a rate limit' : 'an error'}…`)
        }
      )
      pages++
      records += page.leads.length + (page.unchanged ?? 0)
      if (page.fraction !== undefined && page.fraction !== null) fraction = page.fraction
      for (const lead of page.leads) {
        // Keep the text, not the parsed tree, while the row waits for its batch: a fraction of the memory.
        lead.rawJson ??= JSON.stringify(lead.raw)
        lead.raw = null
      }
      batch.push(...page.leads)
      read += page.leads.length + (page.unchanged ?? 0)
      cursor = page.next
      if (read >= batchRows || page.done) {
        await commit(batch, page.next)
        batch = []
        read = 0
        report('pulling')
      }
      if (page.done) break
      if (signal.aborted) break
    }
    await committing
    if (signal.aborted) throw signal.reason
  }
  report('done')
  return { pages, records }
}
