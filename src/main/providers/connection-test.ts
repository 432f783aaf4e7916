import type { ConnectionTestResult } from '../../shared/contract'
import { ProviderError } from './connector'

/**
 * Runs a connector's one-request probe and words the outcome for the user. ProviderError messages
 * already say exactly what failed; anything else is a bug or a cancel and propagates.
 */
export async function connectionTest(
  probe: () => Promise<{ sample: number; message: string }>
): Promise<ConnectionTestResult> {
  try {
    const { sample, message } = await probe()
    return { ok: true, status: 200, message, sample }
  } catch (error) {
    if (error instanceof ProviderError) return { ok: false, status: error.status, message: error.message, sample: null }
    throw error
  }
}

/** "63d9ffa77a8d152facbe2f2f" → "63d9…": enough to recognise, short enough for a sentence. */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…` : id
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
