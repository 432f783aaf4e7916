/**
 * List requests sent ahead: as soon as a page has arrived (and before it is checked, mapped and
 * written) the connector asks for the page it expects to read next, so the platform works on it
 * while we work on this one. Answers are kept by request (URL); one nobody takes (the pass ended,
 * or took another turn) is dropped unread when the connector is.
 */
export class ReadAhead<T = unknown> {
  private readonly pending = new Map<string, Promise<T>>()

  /** The answer for `key`: the one sent ahead if there is one, else a new request. */
  take(key: string, request: () => Promise<T>): Promise<T> {
    const ahead = this.pending.get(key)
    this.pending.delete(key)
    return ahead ?? request()
  }

  /** Sends the request for `key` now, unless it is already on its way; a failure is thrown to whoever takes it. */
  start(key: string, request: () => Promise<T>): void {
    if (this.pending.has(key)) return
    const body = request()
    body.catch(() => undefined)
    this.pending.set(key, body)
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
