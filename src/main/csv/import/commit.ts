import type { Attribute, ImportRecord, LeadPatch, Note } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import type { Database, Tx } from '../../db'
import {
  insertImportedLeads,
  leadTotal,
  REBUILD_MIN_ROWS,
  rebuildPays,
  recordEdit,
  setLeadColumns,
  withLeadIndexesRebuilt
} from '../../leads'
import { blankLead, type NormalizedLead } from '../../providers'
import { classify, connectionResolver, duplicateMessage, tally, type Progress } from './analyze'
import { columnValues, diffLead, wrap, type LeadChange } from './changes'
import { ImportCancelled } from './errors'
import { findMatches, type Match } from './dedupe'
import { cacheHasLeads } from './lead-store'
import {
  findImport,
  insertImport,
  recordImportChanges,
  setImportCounts,
  setPageCache,
  withPageCache
} from './import-store'
import { rowsToCommit } from './pipeline'
import { zeroCounts, type ImportSession } from './session'
import { uuidV7 } from './uuid'
import type { RowValues } from './validate'

function withNote(notes: Note[], note: Note | undefined): Note[] {
  return note && !notes.some((n) => n.description === note.description) ? [...notes, note] : notes
}

function withAttributes(base: Attribute[], set: Attribute[] | undefined): Attribute[] {
  if (!set) return base
  const out = base.map((a) => ({ ...a }))
  for (const a of set) {
    const existing = out.find((b) => b.key === a.key)
    if (existing) existing.value = a.value
    else out.push({ ...a })
  }
  return out
}

/**
 * A new lead from a row. Its remote id is a fresh uuid (v7, uuid.ts): the id express-chat will keep
 * when it is pushed.
 */
export function newLead(values: RowValues, now: string): NormalizedLead {
  return {
    ...blankLead(uuidV7(), values.kind ?? 'lead', {}),
    name: values.name ?? null,
    email: values.email ?? null,
    phone: values.phone ?? null,
    phonePrefix: values.phonePrefix ?? null,
    status: values.status ?? null,
    agent: values.agent ?? null,
    city: values.city ?? null,
    country: values.country ?? null,
    tags: values.tags ?? [],
    notes: withNote(values.notes ?? [], values.addNote),
    attributes: withAttributes(values.attributes ?? [], values.setAttributes),
    lastMessageText: values.lastMessageText ?? null,
    lastMessageAt: values.lastMessageAt ?? null,
    // Absent from the file: the import's time. Present but empty (our export of a lead without one): none.
    createdAt: values.createdAt === undefined ? now : values.createdAt,
    updatedAt: values.updatedAt === undefined ? (values.createdAt ?? now) : values.updatedAt
  }
}

/** Writes a batch of changes: platform fields through the outbox (grouped by identical patch), the rest directly. */
async function applyChanges(tx: Tx, importId: number, changes: readonly LeadChange[], now: string): Promise<void> {
  const groups = new Map<string, { patch: LeadPatch; ids: number[] }>()
  for (const change of changes) {
    if (Object.keys(change.patch).length === 0) continue
    const key = JSON.stringify(change.patch)
    const group = groups.get(key)
    if (group) group.ids.push(change.lead.id)
    else groups.set(key, { patch: change.patch, ids: [change.lead.id] })
  }
  for (const { patch, ids } of groups.values()) await recordEdit(tx, ids, patch, now)
  for (const change of changes) await setLeadColumns(tx, change.lead.id, columnValues(change.direct))
  await recordImportChanges(
    tx,
    importId,
    changes.map((c) => ({ leadId: c.lead.id, before: wrap(c.before), after: wrap(c.after) }))
  )
}

/**
 * Writes the analysed file in one transaction: a cancelled, failed or killed commit leaves the
 * cache as it was. The rows come as the check left them (staged, fixed rows checked again) and are
 * matched again inside the transaction (the cache may have changed since the analysis), so the
 * counts returned are what was written.
 */
export async function commitImport(
  db: Database,
  session: ImportSession,
  now: () => string,
  signal: AbortSignal,
  onProgress: (progress: Progress) => void
): Promise<ImportRecord> {
  const analysis = session.analysis
  const options = session.lastOptions
  if (!analysis || !options) throw new AppError('CONFLICT', 'Check the rows before importing them.')
  return db.write((tx) =>
    withPageCache(tx, IMPORT_CACHE_KB, () => writeAll(tx, session, analysis, options, now(), signal, onProgress))
  )
}

const IMPORT_CACHE_KB = 128 * 1024
/** Page cache (and so sort memory) of a commit that builds the indexes again: the writer's own 32 MB. */
const BUILD_CACHE_KB = 32 * 1024

/** Of a commit that builds the indexes again, about the share of its time the rows take (measured at 1M: 4/5). */
const ROWS_SHARE = 0.8

/** Whether the commit builds the leads indexes again rather than inserting into them (rebuildPays). */
async function rebuildsIndexes(tx: Tx, creates: number, cacheHadLeads: boolean): Promise<boolean> {
  // Too few to pay whatever the cache holds: not worth reading how much it holds.
  if (creates < REBUILD_MIN_ROWS) return false
  return rebuildPays(creates, cacheHadLeads ? await leadTotal(tx) : 0)
}

async function writeAll(
  tx: Tx,
  session: ImportSession,
  analysis: NonNullable<ImportSession['analysis']>,
  options: NonNullable<ImportSession['lastOptions']>,
  startedAt: string,
  signal: AbortSignal,
  onProgress: (progress: Progress) => void
): Promise<ImportRecord> {
  const { plan } = analysis
  const connectionOf = await connectionResolver(tx, options)
  // Into a cache without leads nothing can match: only the rows of this file, whose repeats the
  // check already found. The lookups are skipped then.
  const cacheHadLeads = await cacheHasLeads(tx)
  const importId = await insertImport(
    tx,
    session.file,
    options.connectionId,
    options.mode,
    JSON.stringify({ mapping: analysis.mapping, options }),
    startedAt
  )
  const counts = zeroCounts()
  const destination = connectionOf(null)
  const throwIfCancelled = (): void => {
    if (signal.aborted) throw new ImportCancelled()
  }
  // The part of the progress bar the rows take; the rest is the indexes' builds, when there are any.
  let rowsShare = 1
  const writeRows = async (): Promise<void> => {
    // The insert of one batch runs (on SQLite's thread) while the next batch is read and checked.
    let inserting: Promise<void> = Promise.resolve()
    for await (const batch of rowsToCommit(session, plan, signal)) {
      throwIfCancelled()
      counts.blankLines += batch.blank
      counts.raggedRows += batch.ragged
      counts.rows += batch.rows.length
      for (const row of batch.rows) {
        const duplicate = analysis.duplicates.get(row.row)
        if (duplicate !== undefined && row.errors.length === 0) {
          row.errors.push({ column: -1, message: duplicateMessage(duplicate) })
          counts.duplicatesInFile++
        }
      }
      await inserting
      const valid = batch.rows.filter((row) => row.errors.length === 0 && !session.skips.has(row.row))
      const matches = cacheHadLeads ? await findMatches(tx, valid, options, connectionOf) : new Map<number, Match>()
      const creates: NormalizedLead[] = []
      const changes: LeadChange[] = []
      for (const row of batch.rows) {
        const match = matches.get(row.row)
        const { action, leadsChanged } = classify(row, match, options, session.skips.has(row.row))
        tally(counts, action, leadsChanged, 1)
        if (action === 'create') {
          creates.push(newLead(row.values, startedAt))
        } else if (action === 'update' && match) {
          for (const lead of match.leads) {
            const change = diffLead(lead, row.values)
            if (change) changes.push(change)
          }
        }
      }
      if (changes.length > 0) await applyChanges(tx, importId, changes, startedAt)
      inserting = insertImportedLeads(tx, importId, destination, creates, startedAt).then(() => undefined)
      // Failing, it fails at the next await; until then it must not count as unhandled.
      inserting.catch(() => undefined)
      onProgress({
        rows: counts.rows,
        fraction: session.file.size > 0 ? rowsShare * Math.min(1, batch.bytesRead / session.file.size) : null
      })
    }
    await inserting
  }
  if (await rebuildsIndexes(tx, analysis.counts.create, cacheHadLeads)) {
    // Without the indexes, new leads go in at the ends of what is left (ids, v7 remote ids, the
    // search index's segments), which the writer's own cache holds; the lookups' indexes, kept when
    // the import matches, still want the large one. SQLite sorts an index being built in as much
    // memory as the page cache may hold: the builds get the small one.
    if (!cacheHadLeads) await setPageCache(tx, BUILD_CACHE_KB)
    rowsShare = ROWS_SHARE
    const beforeBuild = async (built: number, of: number): Promise<void> => {
      throwIfCancelled()
      await setPageCache(tx, BUILD_CACHE_KB)
      onProgress({ rows: counts.rows, fraction: ROWS_SHARE + ((1 - ROWS_SHARE) * built) / of })
    }
    await withLeadIndexesRebuilt(tx, cacheHadLeads, beforeBuild, writeRows)
  } else await writeRows()
  throwIfCancelled()
  await setImportCounts(tx, importId, counts)
  const record = await findImport(tx, importId)
  if (!record) throw new Error(`import ${importId} vanished inside its own transaction`)
  return record
}
