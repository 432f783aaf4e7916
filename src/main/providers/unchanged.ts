import type { NormalizedLead, UnchangedFilter } from './connector'

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
