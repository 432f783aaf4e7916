import { deferIndexes, type Tx } from '../db'
import { LOOKUP_INDEXES } from './imported-store'

/**
 * Drops the leads table's indexes for a sync writing many leads, to build them again when it ends
 * (db/deferred-indexes.ts). Kept: the platform id's (a constraint, which every upsert reads) and
 * the lookups an import reads while matching, which may run meanwhile.
 */
export function deferLeadIndexes(tx: Tx): Promise<number> {
  return deferIndexes(tx, 'leads', LOOKUP_INDEXES)
}
