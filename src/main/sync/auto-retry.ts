/** Base delay of the first automatic retry; doubles per failure up to 20 times this. */
function baseMs(): number {
  return Number(process.env.LEADS_OFFLINE_RETRY_MS ?? 15_000)
}

/**
 * Retries of connections whose last sync failed for a reason that may pass by itself (no network,
 * a platform error, a full disk, a locked database): one timer per connection, backing off from
 * `LEADS_OFFLINE_RETRY_MS` (15 s) to 20 times that, reset by a success.
 */
export class AutoRetry {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; at: number }>()
  private readonly failures = new Map<string, number>()
  private stopped = false

  constructor(private readonly run: (connectionId: string) => void) {}

  schedule(connectionId: string): void {
    if (this.stopped) return
    const failures = (this.failures.get(connectionId) ?? 0) + 1
    this.failures.set(connectionId, failures)
    const base = baseMs()
    const delay = Math.min(base * 20, base * 2 ** (failures - 1))
    this.cancel(connectionId)
    const timer = setTimeout(() => {
      this.timers.delete(connectionId)
      this.run(connectionId)
    }, delay)
    timer.unref()
    this.timers.set(connectionId, { timer, at: Date.now() + delay })
  }

  /** When the next automatic try of a connection is due, if one is. */
  nextAt(connectionId: string): string | null {
    const entry = this.timers.get(connectionId)
    return entry ? new Date(entry.at).toISOString() : null
  }

  /** No automatic try is due any more (it was cancelled, or the connection works again). */
  cancel(connectionId: string): void {
    const entry = this.timers.get(connectionId)
    if (entry) clearTimeout(entry.timer)
    this.timers.delete(connectionId)
  }

  succeeded(connectionId: string): void {
    this.cancel(connectionId)
    this.failures.delete(connectionId)
  }

  stop(): void {
    this.stopped = true
    for (const { timer } of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }
}
