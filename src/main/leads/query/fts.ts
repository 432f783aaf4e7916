/**
 * What the user typed → an FTS5 query of quoted prefix terms, all required: no syntax errors, no
 * operators, whatever the input. Null when nothing searchable is left. `expanded` maps a term to
 * the indexed terms it is a prefix of, when the caller looked them up (see `searchTerms`).
 */
export function ftsQuery(search: string, expanded: ReadonlyMap<string, readonly string[]> = new Map()): string | null {
  const terms = searchTerms(search)
  if (terms.length === 0) return null
  return terms
    .map((term) => {
      const whole = expanded.get(term)
      // Not looked up, or no indexed term has this prefix (then the prefix form reads nothing).
      if (!whole?.length) return `${quote(term)}*`
      return whole.length === 1 ? quote(whole[0]!) : `(${whole.map(quote).join(' OR ')})`
    })
    .join(' AND ')
}

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`

/** The words of a search, as typed (at most 16). */
export function searchTerms(search: string): string[] {
  return search.split(/\s+/).filter(Boolean).slice(0, 16)
}

/**
 * A term as the index stores it (unicode61 with diacritics removed: lower case, no accents), or
 * null when it is not a single indexed token (e.g. `ana@x`, which FTS5 reads as a phrase).
 */
export function indexedForm(term: string): string | null {
  const folded = term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return /^[\p{L}\p{N}]+$/u.test(folded) ? folded : null
}
