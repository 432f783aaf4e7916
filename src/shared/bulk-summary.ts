import type { BulkAction } from './contract'

/** The action in words, for the history. */
export function describeAction(action: BulkAction): string {
  switch (action.kind) {
    case 'setStatus':
      return `Set status: ${action.status}`
    case 'addTags':
      return `Add tags: ${action.tags.join(', ')}`
    case 'removeTags':
      return `Remove tags: ${action.tags.join(', ')}`
    case 'setAgent':
      return action.agent === null ? 'Clear agent' : `Assign agent: ${action.agent}`
    case 'addNote':
      return `Add note: ${action.note.title}`
    case 'setAttribute':
      return `Set ${action.key}: ${action.value}`
  }
}
