import type { BulkUndoResult } from '../../../shared/contract'
import { formatCount, plural } from '../lib/format'

/** What an undo did, in one sentence. */
export function undoText(result: BulkUndoResult): string {
  const parts = [`Undone: ${plural(result.restored, 'lead')} restored`]
  if (result.cancelled) parts.push(`${formatCount(result.cancelled)} unsent edits cancelled`)
  if (result.reversed) parts.push(`${formatCount(result.reversed)} sent back to the platforms`)
  if (result.skipped) {
    const names = result.skippedLeads.map((l) => l.name ?? `lead ${l.id}`).join(', ')
    parts.push(`${plural(result.skipped, 'lead')} changed since and left as they are (${names})`)
  }
  if (result.kept) {
    parts.push(`${plural(result.kept, 'lead')} kept the new value: their platform cannot take the old one back`)
  }
  return `${parts.join('; ')}.`
}
