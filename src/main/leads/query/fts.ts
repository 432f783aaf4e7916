/**
 * What the user typed → an FTS5 query of quoted prefix terms, all required: no syntax errors, no
 * operators, whatever the input. Null when nothing searchable is left.
 */
export function ftsQuery(search: string): string | null {
  const terms = search
    .split(/\s+/)
    .map((t) => t.replace(/"/g, '""').trim())
    .filter(Boolean)
    .slice(0, 16)
  return terms.length ? terms.map((t) => `"${t}"*`).join(' ') : null
}
