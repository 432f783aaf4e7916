// What other folders may use of sync: the service and the network monitor it reports to.
export { NetworkMonitor } from './network'
export { SyncService, type SyncDeps } from './service'
