/*
 * A list page's records as text, without parsing them: a re-scan compares each record's text with
 * what the cache stores (JSON.stringify of the record as last read) and parses only those that
 * differ, instead of parsing the whole page and serialising every record again.
 *
 * Only pages written as JSON.stringify writes them are split, and by their text alone: records
 * are cut where `,{"<id>":"` follows one (native string search, no scanning). A cut can only be
 * wrong where a record holds an object opening with that field after a comma; the part before such
 * a cut is then a proper prefix of a record, which is never valid JSON, so it neither equals a
 * cached record nor parses. The caller must therefore treat any part that fails to parse (and the
 * page less its records failing to) as "not split": it parses the page whole, as before.
 */

export interface SplitPage {
  /** Each record's text, in page order. */
  records: string[]
  /** The page with its records removed (`"<key>":[]`), to be parsed for its other fields. */
  rest: string
}

/** `{"<key>":[<records>]...}` split into its records' texts; null when the page does not open so. */
export function splitPage(text: string, key: string, idField: string): SplitPage | null {
  const head = `{"${key}":[`
  if (!text.startsWith(head)) return null
  const close = text.lastIndexOf(']')
  if (close < head.length) return null
  const body = text.slice(head.length, close)
  const opening = `{"${idField}":"`
  const records = body === '' ? [] : body.split(`,${opening}`).map((part, n) => (n === 0 ? part : opening + part))
  return { records, rest: head + text.slice(close) }
}

/** The id of a record's text when it opens with it (`{"id":"…"`, as ChatBot.com's do); else null. */
export function leadingId(record: string, idField: string): string | null {
  const opening = `{"${idField}":"`
  if (!record.startsWith(opening)) return null
  const end = record.indexOf('"', opening.length)
  const id = end < 0 ? '' : record.slice(opening.length, end)
  return id === '' || id.includes('\\') ? null : id
}
