/** What other domains may use of the connections domain. */
export { loadToken, originOf, saveToken, type BoundToken } from './tokens'
