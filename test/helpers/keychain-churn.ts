import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

// Another program on the same keyring: it leaves `items` entries of the app's service behind (as
// earlier test runs and other app instances do), then adds and removes entries of its own until
// stopped, as parallel tests that create and remove connections do.
const SCRIPT = `
const keytar = require('keytar')
const [items] = process.argv.slice(1).map(Number)
let stopped = false
process.stdin.on('end', () => (stopped = true)).resume()
;(async () => {
  for (let i = 0; i < items; i++) await keytar.setPassword('lead-manager', 'left-behind-' + i, 'x')
  console.log('filled')
  let cycles = 0
  while (!stopped) {
    const account = 'churn-' + (cycles % 10)
    await keytar.setPassword('lead-manager', account, 'y')
    await keytar.deletePassword('lead-manager', account)
    cycles++
  }
  console.log('cycles ' + cycles)
})().catch((err) => { console.error(err.message); process.exit(1) })
`

export interface KeychainChurn {
  /** Stops churning; resolves with the number of add-and-remove cycles done. */
  stop(): Promise<number>
}

export async function startKeychainChurn(env: NodeJS.ProcessEnv, items: number): Promise<KeychainChurn> {
  const child = spawn(process.execPath, ['-e', SCRIPT, String(items)], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.value !== 'filled') throw new Error(`the churning process failed: ${stderr}`)
  return {
    async stop() {
      const exited = once(child, 'exit')
      child.stdin.end()
      const last = await lines.next()
      await exited
      const cycles = /^cycles (\d+)$/.exec(String(last.value))
      if (!cycles) throw new Error(`the churning process failed: ${stderr}`)
      return Number(cycles[1])
    }
  }
}
