// `npm test`: every test (unit, integration, end-to-end) against a throwaway keychain, then one
// closing line with the combined counts.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const passthrough = process.argv.slice(2)

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

const only = passthrough[0]
const counts = { passed: 0, failed: 0, skipped: 0 }
let failedSteps = 0

if (!only || only === 'unit') {
  const status = step('unit and integration tests (Vitest)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(out, 'vitest.json')}`
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

if (!only || only === 'e2e') {
  const build = step('build (electron-vite)', bin('electron-vite'), ['build'])
  if (build !== 0) failedSteps++
  else {
    const status = step('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test'], {
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

console.log('')
if (failedSteps > 0) console.log(`${failedSteps} test step(s) failed to run; see above.`)
console.log(`Total: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
process.exit(counts.failed > 0 || failedSteps > 0 ? 1 : 0)
