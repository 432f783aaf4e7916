// One run of the app in its own process, for the crash test: connect (first time), make a few
// edits, sync. The parent kills it with SIGKILL at random moments.
import type { Connection } from '../../src/shared/contract'
import type { SandboxAccounts } from '../../src/main/sandbox'
import { startTestApp } from '../helpers/app'

async function main(): Promise<void> {
  const [dataDir, editsArg] = process.argv.slice(2)
  const accounts = JSON.parse(process.env.CRASH_ACCOUNTS!) as SandboxAccounts
  const app = await startTestApp({ dataDir: dataDir! })
  const existing = await app.call<Connection[]>('connections.list')
  if (existing.length === 0) {
    for (const a of accounts.expressChat) {
      await app.call('connections.create', {
        platform: 'express-chat',
        brand: a.brand,
        name: a.brand,
        baseUrl: a.baseUrl,
        botId: a.botId,
        customerId: a.customerId,
        token: a.token
      })
    }
    for (const a of accounts.chatbotCom)
      await app.call('connections.create', { platform: 'chatbot-com', name: 'cb', baseUrl: a.baseUrl, token: a.token })
    for (const a of accounts.chatzuri)
      await app.call('connections.create', {
        platform: 'chatzuri',
        name: 'cz',
        baseUrl: a.baseUrl,
        agentId: a.agentId,
        token: a.token
      })
  }
  // Each lead is edited at most once over the whole test, so its final value is unambiguous.
  const edits = Number(editsArg ?? 0)
  const targets = await app.ctx.db.all<{ id: number; remote_id: string; connection_id: string; status: string | null }>(
    `SELECT l.id, l.remote_id, l.connection_id, l.status FROM leads l JOIN connections c ON c.id = l.connection_id
     WHERE c.platform <> 'chatzuri' AND l.kind = 'lead' AND l.id NOT IN (SELECT lead_id FROM outbox)
     ORDER BY random() LIMIT ?`,
    [edits]
  )
  for (const lead of targets) {
    const status = lead.status === 'DEPENDANCY' ? 'ONHOLD' : 'DEPENDANCY'
    await app.call('leads.update', { ids: [lead.id], patch: { status } })
    process.stdout.write(`ACK ${lead.id} ${lead.connection_id} ${lead.remote_id} ${status}\n`)
  }
  await app.call('sync.run', {})
  await app.ctx.sync.idle()
  const states = (await app.call<Connection[]>('connections.list')).map((c) => c.state)
  await app.close()
  process.stdout.write(`DONE ${states.join(',')}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-child failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
