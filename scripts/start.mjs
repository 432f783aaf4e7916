// `npm start`: the Electron app; where no Electron binary can be had, browser mode instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const known = () => existsSync(pathFile) && existsSync(join(pkg, 'dist', readFileSync(pathFile, 'utf8')))
  if (known()) return join(pkg, 'dist', readFileSync(pathFile, 'utf8'))
  // Electron >= 45 downloads its binary on first use; try once, quietly, with a time limit.
  const probe = spawnSync(process.execPath, ['-e', "require('electron')"], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000
  })
  return probe.status === 0 && known() ? join(pkg, 'dist', readFileSync(pathFile, 'utf8')) : null
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  }
)
if (build.status !== 0) process.exit(build.status ?? 1)

const binary = electronBinary()
if (binary && !process.env.LEADS_FORCE_BROWSER) {
  run(binary, [root, ...args])
} else {
  console.log(
    'The Electron binary is not installed and cannot be downloaded here, so Lead Manager is starting in browser mode instead.'
  )
  run(process.execPath, [join(root, 'out', 'main', 'browser.js'), ...args])
}
