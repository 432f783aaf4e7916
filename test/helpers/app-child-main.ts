// The app in a process of its own, driven over stdin/stdout one JSON line at a time, so a test can
// give it an environment of its own (a private Secret Service) and change that world between calls.
import { createInterface } from 'node:readline'
import { startTestApp } from './app'

type Command =
  | { id: number; do: 'dispatch'; method: string; input: unknown }
  | { id: number; do: 'secret'; account: string }
  | { id: number; do: 'reopen' }
  | { id: number; do: 'close' }

async function main(): Promise<void> {
  const dataDir = process.argv[2]!
  let app = await startTestApp({ dataDir })
  const reply = (id: number, body: object): void => {
    process.stdout.write(JSON.stringify({ id, ...body }) + '\n')
  }
  reply(0, { ready: true })
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line) as Command
    try {
      if (command.do === 'dispatch') reply(command.id, { reply: await app.dispatch(command.method, command.input) })
      else if (command.do === 'secret') reply(command.id, { value: await app.secrets.get(command.account) })
      else if (command.do === 'reopen') {
        // A fresh app on the same data: its keychain store knows nothing yet and checks again.
        await app.close()
        app = await startTestApp({ dataDir })
        reply(command.id, { reopened: true })
      } else {
        await app.close()
        reply(command.id, { closed: true })
        break
      }
    } catch (err) {
      reply(command.id, { thrown: { message: (err as Error).message, code: (err as { code?: string }).code } })
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`app child failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
