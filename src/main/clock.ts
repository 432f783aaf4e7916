/** The time, as stored: ISO-8601 UTC. Passed to whoever stamps rows, so a test can set it. */
export interface Clock {
  now(): string
}

export const systemClock: Clock = { now: () => new Date().toISOString() }
