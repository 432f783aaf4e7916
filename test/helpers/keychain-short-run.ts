// A short script that uses the keychain and ends: with `close`, it closes the app first; without,
// it just returns. Either way the process must finish on its own, after printing DONE.
import { startTestApp } from './app'

async function main(): Promise<void> {
  const [dataDir, mode] = process.argv.slice(2)
  const app = await startTestApp({ dataDir: dataDir! })
  await app.secrets.set('short-run', 'tok-short-run')
  const value = await app.secrets.get('short-run')
  if (mode === 'close') await app.close()
  process.stdout.write(`DONE ${value}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`short run failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
