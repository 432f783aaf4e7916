/*
 * A <select> reports its value as a string. These find it again among the options it was built
 * from, typed, instead of asserting that it is one.
 */

/** The option equal to `value`, or undefined when it is none of them. */
export function optionOf<T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((option) => option === value)
}

/** The keys of a record of labels, in their order: the options of a <select> built from it. */
export function keysOf<T extends string>(labels: Readonly<Record<T, unknown>>): T[] {
  const keys: T[] = []
  for (const key in labels) keys.push(key)
  return keys
}
