import type { LeadQuery } from '../../../shared/contract'

/** JSON with object keys sorted, so two equal queries compare equal whatever order they were built in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)])
    )
  }
  return value
}

export const queryKeyOf = (query: LeadQuery): string => JSON.stringify(canonical(query))
export const sameQuery = (a: LeadQuery, b: LeadQuery): boolean => queryKeyOf(a) === queryKeyOf(b)
