// What other folders may use of connections: the service, and the shape of what a user types.
export { ConnectionService, type ConnectionDeps } from './service'
export type { ConnectionFields } from './settings'
