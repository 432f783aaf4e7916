import { AppError } from '../../shared/contract/errors'
import { ProviderError } from '../providers'

export interface RetryPolicy {
  attempts: number
  baseMs: number
  capMs: number
  /** Never wait longer than this for a Retry-After, so a hostile header cannot stall a sync. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: Number(process.env.LEADS_RETRY_ATTEMPTS ?? 6),
  baseMs: Number(process.env.LEADS_RETRY_BASE_MS ?? 500),
  capMs: 30_000,
  maxRetryAfterMs: 120_000
}

/** Exponential backoff with full jitter; a Retry-After from the platform wins when it is longer. */
export function backoffMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterSeconds: number | null,
  random = Math.random
): number {
  const jitter = Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt))
  if (retryAfterSeconds === null) return jitter
  return Math.max(jitter, Math.min(policy.maxRetryAfterMs, retryAfterSeconds * 1000))
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

export function asProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new ProviderError('network', message)
}

/**
 * Runs `fn` until it succeeds, a non-retryable error occurs, or the attempts run out; `fn` is told
 * which attempt it is (0 first). An AppError (a storage problem, a refusal of ours) is not the
 * platform's and is thrown at once, as it is.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  signal: AbortSignal,
  onRetry: (error: ProviderError, attempt: number, waitMs: number) => void = () => undefined,
  policy: RetryPolicy = DEFAULT_RETRY
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      if (signal.aborted) throw signal.reason
      if (err instanceof AppError) throw err
      const error = asProviderError(err)
      if (!error.retryable || attempt + 1 >= policy.attempts) throw error
      const wait = backoffMs(attempt, policy, error.retryAfterSeconds)
      onRetry(error, attempt + 1, wait)
      await sleep(wait, signal)
    }
  }
}
