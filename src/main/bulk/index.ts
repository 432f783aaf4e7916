// What other folders may use of bulk: the service (compose.ts builds it and its handlers).
export { BulkService, type BulkDeps } from './service'
