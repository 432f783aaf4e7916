import type { NormalizedLead, UnchangedFilter } from './connector'
import { parseJson } from './http'

export interface ToMap {
  /** The records left to check and map, in page order. */
  records: unknown[]
  /** Each one's JSON, as the cache stores it (index for index with `records`). */
  rawJsons: string[]
  /** How many were left out as unchanged. */
  unchanged: number
}

/**
 * A page's raw records less those the cache holds unchanged. Each record is serialised once, here:
 * that text is both what `filter` compares and what the cache stores for a changed one. A record
 * without an id is kept, so that its page's schema refuses it as before.
 */
export async function recordsToMap(
  data: readonly unknown[],
  idOf: (record: unknown) => string | null,
  kind: NormalizedLead['kind'],
  filter: UnchangedFilter
): Promise<ToMap> {
  const received = data.map((record) => ({ record, remoteId: idOf(record), rawJson: JSON.stringify(record) }))
  const same = await filter(
    received.flatMap(({ remoteId, rawJson }) => (remoteId === null ? [] : [{ remoteId, kind, rawJson }]))
  )
  const kept = received.filter(({ remoteId }) => remoteId === null || !same.has(remoteId))
  return {
    records: kept.map(({ record }) => record),
    rawJsons: kept.map(({ rawJson }) => rawJson),
    unchanged: received.length - kept.length
  }
}

/** Mapped records with the JSON text `recordsToMap` made for them: the sync engine then serialises nothing again. */
export function withRawJson(leads: NormalizedLead[], rawJsons: readonly string[]): NormalizedLead[] {
  leads.forEach((lead, n) => {
    lead.rawJson = rawJsons[n]
    lead.raw = null
  })
  return leads
}

/** A record of a page still as text (see json-split.ts): its id, and its parsed form if reading the id took parsing. */
export interface RecordText {
  text: string
  id: string | null
  parsed?: unknown
}

/**
 * `recordsToMap` for records as the page's text. Each is first compared as sent: the cache holds
 * JSON.stringify of the record, which is the text itself when the platform writes JSON as
 * JSON.stringify does, so an unchanged record is never parsed. One that differs is parsed and
 * serialised as the cache stores it, and, if that is not the text it came as (other spacing or
 * escapes), asked about again in that form: only a real change is left to map.
 */
export async function recordTextsToMap(
  texts: readonly RecordText[],
  kind: NormalizedLead['kind'],
  filter: UnchangedFilter
): Promise<ToMap> {
  const asIs = await filter(
    texts.flatMap(({ id, text }) => (id === null ? [] : [{ remoteId: id, kind, rawJson: text }]))
  )
  const differing = texts
    .filter(({ id }) => id === null || !asIs.has(id))
    .map(({ id, text, parsed }) => {
      const record = parsed === undefined ? parseJson(text) : parsed
      return { id, record, rawJson: JSON.stringify(record), sent: text }
    })
  const reworded = differing.flatMap(({ id, rawJson, sent }) =>
    id !== null && rawJson !== sent ? [{ remoteId: id, kind, rawJson }] : []
  )
  const same = reworded.length === 0 ? new Set<string>() : await filter(reworded)
  const kept = differing.filter(({ id, rawJson, sent }) => id === null || rawJson === sent || !same.has(id))
  return {
    records: kept.map(({ record }) => record),
    rawJsons: kept.map(({ rawJson }) => rawJson),
    unchanged: texts.length - kept.length
  }
}
