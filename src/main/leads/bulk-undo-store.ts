import type { BulkUndoResult, LeadPatchField, Platform } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { Tx } from '../db'
import { bulkEditOf, BULK_CHUNK } from './bulk-store'
import { fieldOf, sameValue, type LeadRow } from './columns'
import { recordEdit } from './outbox'
import { ACTIVE_STATES, applyPatch, baseOf, conflictsOf, patchOf, type OutboxRow } from './outbox-rows'
import { storedAttributes } from './stored-json'

type UndoneLead = Omit<LeadRow, 'pending_edits' | 'local_only'> & {
  before_json: string
  after_json: string
  platform: Platform
}

/**
 * Whether the platform can be given `before` back. Neither writable platform can clear a status
 * (express-chat refuses null, ChatBot.com an empty attribute), and ChatBot.com merges attributes,
 * so one it did not have before cannot be taken away: those leads keep the bulk edit's value.
 */
function platformCanRestore(platform: Platform, field: LeadPatchField, before: unknown, after: unknown): boolean {
  if (platform === 'chatzuri') return true
  if (field === 'status' && before === null) return false
  if (platform === 'chatbot-com' && field === 'attributes') {
    const keys = new Set(storedAttributes.parse(before).map((a) => a.key))
    return storedAttributes.parse(after).every((a) => keys.has(a.key))
  }
  return true
}

/**
 * Puts the leads of bulk edit `bulkId` back to their values before it, in the caller's transaction.
 * Per lead, by where its edit is:
 * - still waiting (or kept local): the field goes back to its old value in that outbox edit, and is
 *   taken out of it when that is what the platform holds, so nothing is ever sent for it;
 * - sent or being sent: a reverse edit is queued;
 * - changed since (here, or on the platform: a conflict): left alone and reported, unless `force`;
 * - a value the platform cannot take back (see platformCanRestore): left as it is, and counted.
 */
export async function undoBulkEdit(
  tx: Tx,
  bulkId: number,
  force: boolean,
  now: string
): Promise<BulkUndoResult & { connectionIds: string[] }> {
  const bulk = await bulkEditOf(tx, bulkId)
  if (!bulk) throw new AppError('NOT_FOUND', `There is no bulk edit ${bulkId} in the history.`)
  if (bulk.undone_at) throw new AppError('CONFLICT', `Bulk edit ${bulkId} was already undone.`)
  const field = bulk.field
  const result: BulkUndoResult = { restored: 0, cancelled: 0, reversed: 0, skipped: 0, skippedLeads: [], kept: 0 }
  const connections = new Set<string>()
  let after = 0
  for (;;) {
    const leads = await tx.all<UndoneLead>(
      `SELECT l.*, b.before_json, b.after_json, c.platform FROM bulk_edit_leads b JOIN leads l ON l.id = b.lead_id
       JOIN connections c ON c.id = l.connection_id
       WHERE b.bulk_id = ? AND b.lead_id > ? ORDER BY b.lead_id LIMIT ?`,
      [bulkId, after, BULK_CHUNK]
    )
    if (leads.length === 0) break
    after = leads[leads.length - 1]!.id
    const open = await tx.all<OutboxRow>(
      `SELECT * FROM outbox WHERE lead_id IN (SELECT value FROM json_each(?)) AND state IN ${ACTIVE_STATES} ORDER BY id`,
      [JSON.stringify(leads.map((l) => l.id))]
    )
    for (const lead of leads) {
      const entries = open.filter((row) => row.lead_id === lead.id)
      const before: unknown = JSON.parse(lead.before_json)
      const changedSince =
        !sameValue(fieldOf(lead, field), JSON.parse(lead.after_json)) ||
        entries.some((e) => conflictsOf(e).some((c) => c.field === field))
      if (changedSince && !force) {
        result.skipped++
        if (result.skippedLeads.length < 20) result.skippedLeads.push({ id: lead.id, name: lead.name ?? lead.email })
        continue
      }
      const canSend = platformCanRestore(lead.platform, field, before, JSON.parse(lead.after_json))
      const outcome = await restoreInQueue(tx, lead.id, entries, field, before, canSend, now)
      if (outcome === 'kept') {
        result.kept++
        continue
      }
      connections.add(lead.connection_id)
      result.restored++
      result[outcome]++
    }
  }
  await tx.run('UPDATE bulk_edits SET undone_at = ? WHERE id = ?', [now, bulkId])
  return { ...result, connectionIds: [...connections] }
}

/**
 * Sets `field` of the lead back to `before`: 'cancelled' when no request will be made for it (the
 * waiting edit that held it now holds nothing for it), 'reversed' when `before` is to be sent, and
 * 'kept' (nothing changed) when it would have to be sent and the platform cannot take it.
 */
async function restoreInQueue(
  tx: Tx,
  leadId: number,
  entries: readonly OutboxRow[],
  field: LeadPatchField,
  before: unknown,
  canSend: boolean,
  now: string
): Promise<'cancelled' | 'reversed' | 'kept'> {
  const holder = entries.findLast((e) => e.state !== 'sending' && field in patchOf(e))
  const inFlight = entries.some((e) => e.state === 'sending' && field in patchOf(e))
  const cancels = holder !== undefined && !inFlight && sameValue(before, baseOf(holder)[field])
  if (!cancels && !canSend) return 'kept'
  if (!holder) {
    // Sent, or on its way: the platform gets the old value back as an edit of its own.
    await recordEdit(tx, [leadId], { [field]: before }, now)
    return 'reversed'
  }
  const patch = patchOf(holder)
  const base = baseOf(holder)
  // While an edit of the field is in flight, the platform will hold its value: the old one must be sent after it.
  if (cancels) {
    delete patch[field]
    delete base[field]
  } else {
    patch[field] = before
  }
  const empty = Object.keys(patch).length === 0
  const conflicts = conflictsOf(holder).filter((c) => c.field !== field)
  await tx.run(
    `UPDATE outbox SET patch_json = ?, base_json = ?, conflict_json = ?, state = ?, next_attempt_at = ?, updated_at = ?
     WHERE id = ?`,
    [
      JSON.stringify(patch),
      JSON.stringify(base),
      conflicts.length > 0 ? JSON.stringify(conflicts) : null,
      empty ? 'discarded' : holder.state === 'conflict' && conflicts.length === 0 ? 'pending' : holder.state,
      empty ? null : holder.next_attempt_at,
      now,
      holder.id
    ]
  )
  await applyPatch(tx, leadId, { [field]: before })
  return cancels ? 'cancelled' : 'reversed'
}
