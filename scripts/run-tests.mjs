// `npm test`: the gates (scripts/gates.mjs), then every test (unit, integration, end-to-end) against a
// throwaway keychain, then one closing line with the combined counts.
//   npm test                      gates, Vitest, build, Playwright
//   npm test -- unit [args]       Vitest only, args passed on
//   npm test -- e2e [args]        build and Playwright only, args passed on
//   npm test -- gates             the gates only (as `npm run check`)
//   npm test -- <test files>      those files only: *.spec.ts to Playwright, the rest to Vitest
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gateSummary, runGates } from './gates.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const passthrough = process.argv.slice(2)
const MODES = ['unit', 'e2e', 'gates']
const mode = MODES.includes(passthrough[0]) ? passthrough[0] : passthrough.length ? 'files' : 'all'
const rest = MODES.includes(passthrough[0]) ? passthrough.slice(1) : passthrough
const isSpec = (arg) => /\.spec\.ts$|(^|\/)e2e\//.test(arg)
const vitestArgs = mode === 'unit' ? rest : mode === 'files' ? rest.filter((a) => !isSpec(a)) : []
const playwrightArgs = mode === 'e2e' ? rest : mode === 'files' ? rest.filter(isSpec) : []
const runUnit = mode === 'all' || mode === 'unit' || (mode === 'files' && vitestArgs.length > 0)
const runE2e = mode === 'all' || mode === 'e2e' || (mode === 'files' && playwrightArgs.length > 0)
const runGateStep = mode === 'all' || mode === 'gates'

// The gates need no keychain: run them before wrapping, once; the wrapped run reads their results.
if (runGateStep && process.env.LEADS_GATES_DONE === undefined) {
  const results = await runGates()
  process.env.LEADS_GATES_DONE = JSON.stringify(results)
  if (mode === 'gates') {
    console.log('')
    console.log(gateSummary(results))
    process.exit(results.every((r) => r.passed) ? 0 : 1)
  }
}

if (process.env.LEADS_TEST_KEYRING !== 'ready') {
  for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      console.error(`${tool} is missing: install the system packages first (bash scripts/setup.sh).`)
      process.exit(2)
    }
  }
  const wrapped = spawnSync(
    'dbus-run-session',
    [
      '--',
      'bash',
      join(root, 'scripts', 'with-keyring.sh'),
      process.execPath,
      fileURLToPath(import.meta.url),
      ...passthrough
    ],
    { stdio: 'inherit', env: { ...process.env, LEADS_TEST_KEYRING: 'ready' } }
  )
  process.exit(wrapped.status ?? 1)
}

const out = join(root, '.test-output')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)
const step = (title, command, args, env = {}) => {
  console.log(`\n── ${title} ──`)
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1
}

const counts = { passed: 0, failed: 0, skipped: 0 }
let failedSteps = 0

if (runUnit) {
  const status = step('unit and integration tests (Vitest)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(out, 'vitest.json')}`,
    ...vitestArgs
  ])
  const file = join(out, 'vitest.json')
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    counts.passed += report.numPassedTests
    counts.failed += report.numFailedTests
    counts.skipped += report.numPendingTests + (report.numTodoTests ?? 0)
    if (status !== 0 && report.numFailedTests === 0) failedSteps++
  } else if (status !== 0) failedSteps++
}

if (runE2e) {
  const build = step('build (electron-vite)', bin('electron-vite'), ['build'])
  if (build !== 0) failedSteps++
  else {
    const status = step('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test', ...playwrightArgs], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'playwright.json')
    })
    const file = join(out, 'playwright.json')
    if (existsSync(file)) {
      const stats = JSON.parse(readFileSync(file, 'utf8')).stats
      counts.passed += stats.expected + (stats.flaky ?? 0)
      counts.failed += stats.unexpected
      counts.skipped += stats.skipped
      if (status !== 0 && stats.unexpected === 0) failedSteps++
    } else if (status !== 0) failedSteps++
  }
}

const gates = process.env.LEADS_GATES_DONE ? JSON.parse(process.env.LEADS_GATES_DONE) : []
const gatesFailed = gates.some((g) => !g.passed)
console.log('')
if (gates.length > 0) console.log(gateSummary(gates))
if (failedSteps > 0) console.log(`${failedSteps} test step(s) failed to run; see above.`)
console.log(`Total: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
process.exit(counts.failed > 0 || failedSteps > 0 || gatesFailed ? 1 : 0)
