import type { ImportRecord, LeadPatch } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import type { Tx } from '../../db'
import { countImported, deleteLocalImported, recordEdit, setLeadColumns } from '../../leads'
import {
  columnValues,
  FIELD_COLUMNS,
  isLocal,
  same,
  unwrap,
  valueOf,
  type ChangeField,
  type FieldValues
} from './changes'
import { leadsById } from './lead-store'
import { findImport, importChangesAfter, markReverted } from './import-store'

const PATCHABLE = new Set<ChangeField>(['status', 'tags', 'notes', 'agent', 'name', 'email', 'phone', 'phonePrefix'])
const CHUNK = 500

export interface RevertResult {
  restored: number
  removed: number
  keptNewer: number
  keptPushed: number
  record: ImportRecord
}

/**
 * Undoes an import in one transaction. Leads it created are removed while they are still local
 * (pushed ones live on a platform now and are kept). Leads it updated get their old values back,
 * field by field, where the field still holds what the import wrote: a value changed since (by the
 * user or a sync) is newer than the import and is kept. Restored platform fields go through the
 * outbox, as the import's own changes did.
 */
export async function revertImport(tx: Tx, importId: number, now: string): Promise<RevertResult> {
  const record = await findImport(tx, importId)
  if (!record) throw new AppError('NOT_FOUND', `There is no import ${importId}.`)
  if (record.state === 'reverted') throw new AppError('CONFLICT', 'This import was reverted already.')

  const pushed = await countImported(tx, importId, 'pushed')
  const removed = await deleteLocalImported(tx, importId)

  let restored = 0
  let keptNewer = 0
  let after = 0
  for (;;) {
    const changes = await importChangesAfter(tx, importId, after, CHUNK)
    if (changes.length === 0) break
    after = changes[changes.length - 1]!.lead_id
    const leads = await leadsById(
      tx,
      changes.map((c) => c.lead_id)
    )
    const byId = new Map(leads.map((l) => [l.id, l]))
    for (const change of changes) {
      const lead = byId.get(change.lead_id)
      if (!lead) continue
      const before = unwrap(change.before_json)
      const wrote = unwrap(change.after_json)
      const patch: Record<string, unknown> = {}
      const direct: FieldValues = {}
      for (const field of Object.keys(wrote) as ChangeField[]) {
        if (!same(valueOf(lead, field), wrote[field])) {
          keptNewer++
          continue
        }
        const value = before[field] ?? (FIELD_COLUMNS[field].json ? [] : null)
        if (!isLocal(lead) && PATCHABLE.has(field)) patch[field] = value
        else direct[field] = value
      }
      // A cleared field is null in the cache; LeadPatch, typed for the edit form, has no null for it.
      if (Object.keys(patch).length > 0) await recordEdit(tx, [lead.id], patch as LeadPatch, now)
      const columns = columnValues(direct)
      await setLeadColumns(tx, lead.id, columns)
      if (Object.keys(patch).length > 0 || columns.size > 0) restored++
    }
  }
  const result = { restored, removed, keptNewer, keptPushed: pushed }
  await markReverted(tx, importId, now, JSON.stringify(result))
  return { ...result, record: (await findImport(tx, importId))! }
}
