import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { promisify } from 'node:util'

const ROOT = resolve(__dirname, '../..')

export interface Bundle {
  /** The bundled script of `entry` (a path given to bundleChildren), to run with plain `node`. */
  script(entry: string): string
  cleanup(): Promise<void>
}

/**
 * Bundles the child scripts a test spawns many times, once, with esbuild (as `--import tsx` would
 * compile them, but not again on every spawn: that cost ~3 s of each crash trial on this machine).
 * The keychain host is bundled beside them, where the app looks for a built one (keychain-process.ts),
 * so it too starts as plain Node. Packages stay external and resolve from the project's node_modules:
 * the bundle lives under the project's .test-output.
 */
export async function bundleChildren(entries: readonly string[]): Promise<Bundle> {
  const parent = join(ROOT, '.test-output')
  await mkdir(parent, { recursive: true })
  const dir = await mkdtemp(join(parent, 'children-'))
  const names = entries.map((e) => basename(e).replace(/\.ts$/, ''))
  if (new Set(names).size !== names.length || names.includes('keychain-host')) {
    throw new Error(`bundleChildren: the entries' file names must differ: ${entries.join(', ')}`)
  }
  await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      ...entries.map((e) => resolve(ROOT, e)),
      join(ROOT, 'src', 'main', 'secrets', 'keychain-host.ts'),
      '--bundle',
      '--platform=node',
      '--format=cjs',
      '--target=node20',
      '--packages=external',
      '--sourcemap',
      `--outdir=${dir}`,
      '--entry-names=[name]',
      '--log-level=warning'
    ],
    { cwd: ROOT }
  )
  return {
    script(entry: string): string {
      const index = entries.indexOf(entry)
      if (index < 0) throw new Error(`bundleChildren: ${entry} was not bundled`)
      return join(dir, `${names[index]}.js`)
    },
    cleanup: () => rm(dir, { recursive: true, force: true })
  }
}
