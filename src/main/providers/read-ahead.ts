/**
 * One list request sent ahead: as soon as a page has arrived (and before it is checked, mapped and
 * written) the connector asks for the page it expects to read next, so the platform works on it
 * while we work on this one. The request goes out only after the previous answer came back, so the
 * platform still serves a stream's pages strictly in order, as a sync without read-ahead would.
 * A read-ahead nobody takes (the pass ended, or took another turn) is dropped unread.
 */
export class ReadAhead {
  private pending: { key: string; body: Promise<unknown> } | null = null

  /** The answer for `key`: the one sent ahead if it was for `key`, else a new request. */
  take(key: string, request: () => Promise<unknown>): Promise<unknown> {
    const ahead = this.pending
    this.pending = null
    return ahead?.key === key ? ahead.body : request()
  }

  /** Sends the request for `key` now; its failure, if any, is thrown to whoever takes it. */
  start(key: string, request: () => Promise<unknown>): void {
    const body = request()
    body.catch(() => undefined)
    this.pending = { key, body }
  }
}

/** The records of a list page's raw JSON (`{ data: [...] }`), or null when it has none. */
export function pageRecords(json: unknown): unknown[] | null {
  return typeof json === 'object' && json !== null && 'data' in json && Array.isArray(json.data) ? json.data : null
}

/** A string property of a raw record, or null. */
export function textOf(record: unknown, key: string): string | null {
  if (typeof record !== 'object' || record === null) return null
  const value: unknown = Reflect.get(record, key)
  return typeof value === 'string' ? value : null
}
