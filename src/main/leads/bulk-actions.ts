import type { z } from 'zod'
import type { BulkAction, LeadPatchField } from '../../shared/contract'
export { describeAction } from '../../shared/bulk-summary'
import type { SqlValue } from '../db'
import { storedAttributes, storedNotes, storedTags } from './stored-json'

/** The one lead field each bulk action edits. */
export function fieldOfAction(action: BulkAction): LeadPatchField {
  switch (action.kind) {
    case 'setStatus':
      return 'status'
    case 'addTags':
    case 'removeTags':
      return 'tags'
    case 'setAgent':
      return 'agent'
    case 'addNote':
      return 'notes'
    case 'setAttribute':
      return 'attributes'
  }
}

/**
 * The field's value after the action, from its value before. Tags are added to and removed from
 * the lead's own list (not replacing it); an attribute replaces the one with its key, or is added.
 */
export function applyAction(action: BulkAction, before: unknown): unknown {
  switch (action.kind) {
    case 'setStatus':
      return action.status
    case 'setAgent':
      return action.agent
    case 'addTags': {
      const tags = listOf(storedTags, before)
      return [...tags, ...unique(action.tags).filter((tag) => !tags.includes(tag))]
    }
    case 'removeTags':
      return listOf(storedTags, before).filter((tag) => !action.tags.includes(tag))
    case 'addNote':
      return [...listOf(storedNotes, before), { title: action.note.title, description: action.note.description }]
    case 'setAttribute': {
      const attributes = listOf(storedAttributes, before)
      const at = attributes.findIndex((a) => a.key === action.key)
      if (at < 0) return [...attributes, { key: action.key, value: action.value }]
      return attributes.map((a, i) => (i === at ? { key: a.key, value: action.value } : a))
    }
  }
}

/**
 * SQL that is true for a lead (`l`) the action leaves as it is, for the preview's count; it must
 * agree with `applyAction` + `sameValue` (the bulk-edit test checks the two against each other).
 */
export function unchangedSql(action: BulkAction): { sql: string; params: SqlValue[] } {
  switch (action.kind) {
    case 'setStatus':
      return { sql: 'l.status IS ?', params: [action.status] }
    case 'setAgent':
      return { sql: 'l.agent IS ?', params: [action.agent] }
    case 'addTags': {
      const tags = unique(action.tags)
      return {
        sql: `(SELECT count(*) FROM lead_tags t WHERE t.lead_id = l.id AND t.tag IN (${marks(tags)})) = ${tags.length}`,
        params: tags
      }
    }
    case 'removeTags':
      return {
        sql: `NOT EXISTS (SELECT 1 FROM lead_tags t WHERE t.lead_id = l.id AND t.tag IN (${marks(action.tags)}))`,
        params: action.tags
      }
    case 'addNote':
      return { sql: '0', params: [] }
    case 'setAttribute':
      // The first attribute with the key is the one set (as applyAction does).
      return {
        sql: `(SELECT json_extract(a.value, '$.value') FROM json_each(l.attributes_json) a
               WHERE json_extract(a.value, '$.key') = ? ORDER BY a.key LIMIT 1) IS ?`,
        params: [action.key, action.value]
      }
  }
}

/** The stored list, or an empty one when the field holds none. */
function listOf<T>(schema: z.ZodType<T[]>, value: unknown): T[] {
  const parsed = schema.safeParse(value)
  return parsed.success ? parsed.data : []
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(',')
}
