// What other domains may use of the connections domain (the "domain-internals" rule).
export { findConnection } from './repository'
export { connectorFor } from './connector-for'
