/** The provider sandbox: a local imitation of express-chat, ChatBot.com and Chatzuri. */
export { startSandbox, type RunningSandbox, type SandboxOptions } from './server'
export type { SandboxAccounts, ExpressChatAccount, ChatbotComAccount, ChatzuriAccount } from './data/accounts'
export { FAULT_NAMES, NO_FAULTS, type FaultConfig, type FaultPatch, type FaultSettings } from './faults'
export type { WriteLogEntry } from './write-log'
export type { SnapshotOptions } from './platforms/types'
