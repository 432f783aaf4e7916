// Runs in a child process with no Secret Service reachable: tries to save a connection.
import { startTestApp } from './app'

async function main(): Promise<void> {
  const app = await startTestApp({ dataDir: process.argv[2]! })
  const info = await app.call<{ keychain: { available: boolean; state: string; message: string | null } }>('app.info')
  const reply = await app.dispatch('connections.create', {
    platform: 'chatbot-com',
    name: 'No keychain here',
    token: process.argv[3]!
  })
  const count = await app.db.get<{ n: number }>('SELECT count(*) AS n FROM connections')
  await app.close()
  process.stdout.write(JSON.stringify({ info, reply, rows: count?.n }) + '\n')
}
void main()
