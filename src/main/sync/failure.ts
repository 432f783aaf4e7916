import type { ConnectionState } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import { isStorageError } from '../db'
import { ProviderError } from '../providers'

export interface Failure {
  state: ConnectionState
  /** What the connection's card says: what happened and what to do. */
  message: string
  /** May pass by itself (network, platform trouble, disk, lock): try again later on our own. */
  retry: boolean
  /** Whether the platform's host answered; null when the failure says nothing about it. */
  reachable: boolean | null
  /** Not a known kind of failure: logged in full, as a bug. */
  unexpected: boolean
}

/** Why a sync stopped, classified: a full disk is not a network problem, nor a refused token a bug. */
export function describeFailure(err: unknown): Failure {
  if (isStorageError(err))
    return { state: 'error', message: err.message, retry: true, reachable: null, unexpected: false }
  if (err instanceof AppError) {
    if (err.code === 'UNAUTHORIZED') {
      return { state: 'needs-token', message: err.message, retry: false, reachable: null, unexpected: false }
    }
    return { state: 'error', message: `Sync failed: ${err.message}`, retry: false, reachable: null, unexpected: false }
  }
  if (!(err instanceof ProviderError)) {
    const text = err instanceof Error ? err.message : String(err)
    return { state: 'error', message: `Sync failed: ${text}`, retry: true, reachable: null, unexpected: true }
  }
  switch (err.kind) {
    case 'unauthorized':
      return {
        state: 'needs-token',
        message: `The platform refused the token${err.status ? ` (${err.status})` : ''}. Enter a new token to sync again.`,
        retry: false,
        reachable: true,
        unexpected: false
      }
    case 'network':
      return {
        state: 'offline',
        message: `Cannot reach the platform (${err.message}). Check the base URL and the network; edits wait in the outbox and Lead Manager keeps trying by itself.`,
        retry: true,
        reachable: false,
        unexpected: false
      }
    case 'bad-request':
    case 'not-found':
      return {
        state: 'error',
        message: `Sync failed: ${err.message}`,
        retry: false,
        reachable: true,
        unexpected: false
      }
    default:
      return {
        state: 'error',
        message: `Sync failed: ${err.message}. Lead Manager tries again by itself.`,
        retry: true,
        reachable: true,
        unexpected: false
      }
  }
}
