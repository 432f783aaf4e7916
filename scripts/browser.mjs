// `npm run browser -- --port P --data-dir D [--open] [--no-build]`: build (electron-vite: main, preload,
// renderer), then run the built browser-mode entry, out/main/browser.js, which serves the renderer
// bundle and the API on 127.0.0.1. Nothing is compiled at run time.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'out', 'main', 'browser.js')
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
} else if (!existsSync(entry)) {
  console.error(`${entry} is missing: run \`npm run build\` first, or leave out --no-build.`)
  process.exit(1)
}
// The entry runs in this process rather than a child: a second Node start was a fifth of the time
// to the first rows. It reads its options from process.argv (ignoring --no-build) and handles
// SIGINT/SIGTERM itself.
process.chdir(root)
await import(pathToFileURL(entry).href)
