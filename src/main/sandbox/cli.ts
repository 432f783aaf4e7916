import { parseCliArgs, USAGE } from './cli-args'
import { startSandbox } from './server'

/**
 * `npm run sandbox -- --port P --seed S --leads N --chats M`. Prints the listening line, then one
 * line of JSON: the seeded accounts plus `admin: { url, token }`.
 */
async function main(): Promise<void> {
  let options
  try {
    options = parseCliArgs(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    process.exit(2)
  }
  const sandbox = await startSandbox(options)
  console.log(`sandbox listening on ${sandbox.url}`)
  console.log(JSON.stringify({ ...sandbox.accounts, admin: { url: sandbox.adminUrl, token: sandbox.adminToken } }))
  const stop = (): void => {
    void sandbox.close().finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

void main()
