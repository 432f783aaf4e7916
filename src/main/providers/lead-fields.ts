import { LIMITS, type Attribute, type Note } from '../../shared/contract'
import type { NormalizedLead } from './connector'

/*
 * The cache's note and attribute columns have the contract's size limits; a longer platform value
 * is clipped there (for display and search) while `raw` keeps it whole.
 */

export function note(title: string | null | undefined, description: string | null | undefined): Note | null {
  if (!title && !description) return null
  return { title: (title ?? '').slice(0, LIMITS.text), description: (description ?? '').slice(0, LIMITS.longText) }
}

export function attribute(key: string | null | undefined, value: string | null | undefined): Attribute | null {
  if (!key) return null
  return { key: key.slice(0, LIMITS.shortText), value: (value ?? '').slice(0, LIMITS.text) }
}

export function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined
}

/** A lead with every optional column empty; mappers fill in what their platform has. */
export function blankLead(remoteId: string, kind: NormalizedLead['kind'], raw: unknown): NormalizedLead {
  return {
    remoteId,
    kind,
    name: null,
    email: null,
    phone: null,
    phonePrefix: null,
    status: null,
    agent: null,
    picture: null,
    city: null,
    country: null,
    gender: null,
    tags: [],
    notes: [],
    attributes: [],
    lastMessageText: null,
    lastMessageAt: null,
    lastMessageBy: null,
    websiteVisits: null,
    createdAt: null,
    updatedAt: null,
    raw
  }
}
