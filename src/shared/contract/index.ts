import type { z } from 'zod'
import { appMethods } from './app'
import { bulkMethods } from './bulk'
import { connectionMethods } from './connections'
import { csvExportMethods } from './csv-export'
import { dashboardMethods } from './dashboard'
import { demoMethods } from './demo'
import { detailMethods } from './detail'
import { importMethods } from './imports'
import { leadMethods } from './leads'
import { syncMethods } from './sync'
import { tableMethods } from './table'
import { viewMethods } from './views'

/** The one contract: every method the renderer may call, by name. */
export const contract = {
  ...appMethods,
  ...connectionMethods,
  ...syncMethods,
  ...leadMethods,
  ...detailMethods,
  ...bulkMethods,
  ...tableMethods,
  ...viewMethods,
  ...demoMethods,
  ...csvExportMethods,
  ...importMethods,
  ...dashboardMethods
}

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>

/** Server side: one function per method, fed already-validated input. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> }

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}

export * from './model'
export * from './primitives'
export * from './events'
export * from './errors'
export type { ConnectionDraft, ConnectionTestResult } from './connections'
export type { LeadListQuery, OutboxEntry } from './leads'
export * from './query'
export * from './bulk'
export type { Cursor, TableRow, TableWindow } from './table'
export type { View } from './views'
export type { Conversation, LeadDetail } from './detail'
export * from './dashboard'
export type { PushProgress, SyncStatus } from './sync'
export { KEYCHAIN_STATES, type KeychainState, type KeychainStatus } from './app'
export type { ExportOptions, ExportPreset, ExportProgress, ExportScope } from './csv-export'
export * from './imports'
