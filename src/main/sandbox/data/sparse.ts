import type { Rng } from '../random'

/**
 * "Any field may be missing or null": sets `target[key]` to `make()`, except that with probability
 * `rate` the field is left out, or (the other half of the time) set to null.
 */
export function sparse<K extends PropertyKey, V>(
  rng: Rng,
  target: { [P in K]?: V | null },
  key: K,
  make: () => V,
  rate = 0.08
): void {
  const roll = rng.next()
  if (roll < rate / 2) return
  target[key] = roll < rate ? null : make()
}

/** Up to `max` distinct items of `pool`. */
export function some<T>(rng: Rng, pool: readonly T[], max: number): T[] {
  const count = rng.int(max + 1)
  const picked = new Set<T>()
  for (let i = 0; i < count; i++) picked.add(rng.pick(pool))
  return [...picked]
}
