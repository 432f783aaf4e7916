import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Bench } from './types'

/**
 * Every bench in bench/rows/: each file's default export, a Bench or an array of them, in file
 * name order. Adding a row is adding a file; nothing else lists them.
 */
export async function loadBenches(rowsDir: string): Promise<Bench[]> {
  const files = readdirSync(rowsDir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
  const benches: Bench[] = []
  for (const file of files) {
    const module = (await import(join(rowsDir, file))) as { default?: unknown }
    // Loaded as CommonJS, the export sits one level down: { default: { default: … } }.
    const inner = module.default as { default?: unknown } | undefined
    const exported = (inner && typeof inner === 'object' && 'default' in inner ? inner.default : inner) as
      Bench | Bench[] | undefined
    if (!exported) throw new Error(`bench/rows/${file} has no default export (a Bench or Bench[])`)
    benches.push(...[exported].flat())
  }
  const names = new Set<string>()
  for (const bench of benches) {
    if (names.has(bench.name)) throw new Error(`two benches are named ${bench.name}`)
    names.add(bench.name)
  }
  return benches
}

/** `--only`: a bench runs when its name or one of its operations starts with or contains `only`. */
export function selected(bench: Bench, only: string | null): { run: boolean; operations: Set<string> | null } {
  if (only === null) return { run: true, operations: null }
  const match = (name: string): boolean => name.toLowerCase().includes(only.toLowerCase())
  if (match(bench.name)) return { run: true, operations: null }
  const operations = bench.operations.filter(match)
  return { run: operations.length > 0, operations: new Set(operations) }
}
