// What other folders may use of sync: the service and the network monitor it reports to; and how it
// retries a platform, which other domains that talk to platforms (the CSV import's push) share.
export { NetworkMonitor } from './network'
export { SyncService, type SyncDeps } from './service'
export { asProviderError, backoffMs, DEFAULT_RETRY, sleep } from './retry'
