// `npm run browser -- --port P --data-dir D [--open]`: build the renderer, then serve it and the API on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit']
    }
  )
  if (build.status !== 0) process.exit(build.status ?? 1)
}
const args = process.argv.slice(2).filter((a) => a !== '--no-build')
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main', 'browser-mode.ts'), ...args], {
  cwd: root,
  stdio: 'inherit'
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
