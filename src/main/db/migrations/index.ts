import type { Migration } from '../migrate'
import { m0001core } from './0001-core'
import { m0002search } from './0002-search'
import { m0003sync } from './0003-sync'
import { m0004outboxStates } from './0004-outbox-states'
import { m0006sortKeys } from './0006-sort-keys'
import { m0007leadCounts } from './0007-lead-counts'
import { m0008searchPrefixes } from './0008-search-prefixes'
import { m0009views } from './0009-views'
import { m0012imports } from './0012-imports'
import { m0013importedLeads } from './0013-imported-leads'
import { m0014createdCounts } from './0014-created-counts'
import { m0015bulkEdits } from './0015-bulk-edits'
import { m0016conversationFetches } from './0016-conversation-fetches'
import { m0017deferredIndexes } from './0017-deferred-indexes'

export type { Migration }
export const MIGRATIONS: readonly Migration[] = [
  m0001core,
  m0002search,
  m0003sync,
  m0004outboxStates,
  m0006sortKeys,
  m0007leadCounts,
  m0008searchPrefixes,
  m0009views,
  m0012imports,
  m0013importedLeads,
  m0014createdCounts,
  m0015bulkEdits,
  m0016conversationFetches,
  m0017deferredIndexes
]
