// The rules main keeps, run before the tests by `npm test` and alone by `npm run check`.
// One row per gate: a name and the commands it runs; a gate fails when any of its commands exits non-zero.
// `files` (optional) picks the files to name in the summary out of the gate's output.
// To add a gate, add a row, e.g.
//   { name: 'electron', commands: [[process.execPath, ['scripts/check-electron.mjs']]] },
// Gates run side by side (as many at once as there are cores); their output is printed in table order.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

export const GATES = [
  {
    name: 'typecheck',
    commands: [
      [bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']],
      [bin('tsc'), ['--noEmit', '-p', 'tsconfig.web.json']]
    ]
  },
  { name: 'lint', commands: [[bin('eslint'), ['.']]] },
  {
    name: 'format',
    commands: [
      [bin('prettier'), ['--check', '--log-level', 'warn', '.']],
      [process.execPath, ['scripts/check-colours.mjs']]
    ]
  },
  {
    name: 'cycles',
    commands: [
      [bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']],
      [process.execPath, ['scripts/check-table-owners.mjs']]
    ]
  },
  {
    name: 'electron',
    commands: [[process.execPath, ['scripts/check-electron.mjs']]],
    // Its findings are `FAIL  SEVERITY CHECK main/index.ts:32:6 …`, relative to src/.
    files: (output) => [...output.matchAll(/^FAIL\s+\S+\s+\S+\s+(\S+?):\d+:\d+/gm)].map((m) => `src/${m[1]}`)
  }
]

// Files named in a failing gate's output: tsc's `src/a.ts(3,4)`, ESLint's absolute paths,
// Prettier's `[warn] src/a.ts`, dependency-cruiser's `src/a.ts → src/b.ts`.
const FILE =
  /(?:^|[\s'"(])((?:src|test|scripts|bench|resources|\.ci)\/[^\s'"():,]+\.[A-Za-z]+|[^\s'"():,/]+\.(?:[cm]?[jt]sx?|json|css|md))(?=[\s'"():,]|$)/gm

function filesIn(output) {
  const text = output.split(root + sep).join('')
  const found = new Set()
  for (const match of text.matchAll(FILE)) found.add(match[1])
  return [...found]
}

function runCommand([command, args]) {
  return new Promise((resolve) => {
    let output = ''
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    child.on('error', (err) => resolve({ status: 1, output: `${output}${err.message}\n` }))
    child.on('close', (status) => resolve({ status: status ?? 1, output }))
  })
}

async function runGate(gate) {
  const started = process.hrtime.bigint()
  const runs = await Promise.all(gate.commands.map(runCommand))
  const output = runs.map((r) => r.output).join('')
  const passed = runs.every((r) => r.status === 0)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const named = gate.files ? gate.files(output) : filesIn(output)
  const files = passed ? [] : [...new Set(named.map((f) => relative(root, join(root, f))))]
  return { name: gate.name, passed, files, output, seconds }
}

/** Runs every gate, then prints each one's output, its name and PASS or FAIL, in table order. */
export async function runGates(gates = GATES) {
  const pending = [...gates]
  const results = new Map()
  const worker = async () => {
    for (let gate = pending.shift(); gate; gate = pending.shift()) results.set(gate, await runGate(gate))
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(gates.length, availableParallelism())) }, worker))
  return gates.map((gate) => {
    const { output, seconds, ...result } = results.get(gate)
    console.log(`\n── gate: ${gate.name} ──`)
    if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`)
    console.log(`${gate.name}: ${result.passed ? 'PASS' : 'FAIL'} (${seconds.toFixed(1)} s)`)
    return result
  })
}

/** One line: which gates passed, or which failed and on which files. */
export function gateSummary(results) {
  const failed = results.filter((r) => !r.passed)
  if (failed.length === 0) return `Gates: all ${results.length} passed (${results.map((r) => r.name).join(', ')})`
  const named = failed.map((r) => {
    const shown = r.files.slice(0, 10).join(', ')
    const more = r.files.length > 10 ? ` and ${r.files.length - 10} more` : ''
    return r.files.length ? `${r.name} (${shown}${more})` : r.name
  })
  return `Gates failed: ${named.join('; ')}`
}

// `npm run check`: the gates alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runGates()
  console.log('')
  console.log(gateSummary(results))
  process.exit(results.every((r) => r.passed) ? 0 : 1)
}
