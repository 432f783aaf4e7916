import type { SyncProgress } from '../../shared/contract'
import type { Database } from '../db'
import type { Logger } from '../logger'
import { leadLandmarks, unchangedRecords } from '../leads'
import type { Connector, Landmarks, NormalizedLead, Page, StreamCursor, UnchangedFilter } from '../providers'
import { loadCheckpoint } from './checkpoint-store'
import { withRetry } from './retry'
import { SyncWriter } from './sync-writer'

export interface PullOptions {
  db: Database
  connectionId: string
  connector: Connector
  signal: AbortSignal
  logger: Logger
  onProgress(progress: Omit<SyncProgress, 'connectionId'>): void
  /**
   * Records read between two progress reports; also the most rows a connection gathers before it
   * hands them to the writer (see HAND_OVER_ROWS).
   */
  batchRows?: number
  /** Leads already cached, to estimate how far a re-scan has come. */
  expectedRecords?: number
  /** Shared by the connections syncing at once, so that their batches share transactions; else one of its own. */
  writer?: SyncWriter
}

/**
 * Rows a connection gathers before handing them to the writer, which puts the batches of every
 * connection syncing at once into shared transactions: small, since the transactions are made
 * large by the writer, and what a connection holds while it reads is what bounds memory.
 */
const HAND_OVER_ROWS = 500

const noneUnchanged: UnchangedFilter = () => Promise.resolve(new Set())

export interface PullResult {
  pages: number
  records: number
}

/**
 * Pages through every stream of a connection from its checkpoint. Each batch of rows is written
 * in the transaction that stores the cursor following it (see SyncWriter), so a killed process
 * resumes exactly after the last committed batch. Pages are read while batches are written.
 */
export async function pull(options: PullOptions): Promise<PullResult> {
  const { db, connectionId, connector, signal, logger } = options
  const batchRows = options.batchRows ?? 1000
  const handOverRows = Math.min(batchRows, HAND_OVER_ROWS)
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

  // Asked on the reader, before a page is mapped: see UnchangedFilter. Not on a first sync, when the
  // cache holds none of the connection's leads: two reads a page that could only answer "none" (a
  // record seen twice in one sync is still written once, as writePreparedLeads compares it with the row).
  const unchanged: UnchangedFilter =
    options.expectedRecords === 0 ? noneUnchanged : (received) => unchangedRecords(db, connectionId, received)
  // Where a re-scan may start reading in parallel: none on a first sync.
  const landmarks: Landmarks | undefined =
    options.expectedRecords === 0 ? undefined : (count) => leadLandmarks(db, connectionId, count)

  report('pulling')
  const lane = (options.writer ?? new SyncWriter(db)).lane(connectionId)
  try {
    for (const stream of connector.streams()) {
      let cursor: StreamCursor | null = await loadCheckpoint(db, connectionId, stream)
      let batch: NormalizedLead[] = []
      // Records read since the last hand-over, unchanged ones included: a re-scan stores its cursor as often.
      let read = 0
      let unreported = 0
      for (;;) {
        const page: Page = await withRetry(
          () => connector.fetchPage(stream, cursor, signal, unchanged, landmarks),
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
          batch.push(lead)
        }
        read += page.leads.length + (page.unchanged ?? 0)
        unreported += page.leads.length + (page.unchanged ?? 0)
        cursor = page.next
        if (read >= handOverRows || page.done) {
          // Written with its cursor in a later transaction, while the next pages are read.
          await lane.write(stream, batch, page.next)
          batch = []
          read = 0
        }
        if (unreported >= batchRows || page.done) {
          report('pulling')
          unreported = 0
        }
        if (page.done) break
        if (signal.aborted) break
      }
      if (signal.aborted) break
    }
    if (signal.aborted) {
      await lane.discard(signal.reason)
      throw signal.reason
    }
    // The last sync of a large first sync builds the indexes it dropped (SyncWriter): seconds at a million.
    await lane.flush(() => report('pulling', 'Indexing the new leads…'))
  } catch (error) {
    // Nothing of this pull is written after it ends: a retry or the next sync starts from what was.
    await lane.discard(error)
    throw error
  }
  report('done')
  return { pages, records }
}
