/**
 * Starts the sandbox CLI with 1,000,000 leads as a child process and reports time-to-listening,
 * the time of deep page and cursor requests, and the child's peak RSS (VmHWM) after them.
 * Run: npx tsx bench/sandbox-start.ts [--leads N] [--chats M]
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import type { SandboxAccounts } from '../src/main/sandbox'

const { values } = parseArgs({
  options: { leads: { type: 'string', default: '1000000' }, chats: { type: 'string', default: '100000' } }
})

function memory(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 }
}

async function timed<T>(label: string, rows: [string, string][], run: () => Promise<T>): Promise<T> {
  const start = performance.now()
  const result = await run()
  rows.push([label, `${(performance.now() - start).toFixed(1)} ms`])
  return result
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers })
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return response.json()
}

async function main(): Promise<void> {
  const args = ['--port', '0', '--seed', '7', '--leads', values.leads, '--chats', values.chats]
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/sandbox/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const rows: [string, string][] = []
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const listening = String((await lines.next()).value)
    rows.push(['time to listening (spawn → first line)', `${(performance.now() - started).toFixed(0)} ms`])
    const accounts = JSON.parse(String((await lines.next()).value)) as SandboxAccounts & {
      admin: { url: string; token: string }
    }
    rows.push(['RSS right after start', `${memory(child.pid!).rssMb.toFixed(1)} MB`])

    const bot = accounts.expressChat[0]!
    const botLeads = Math.ceil(
      (Number(values.leads) - Math.floor(Number(values.leads) * 0.2) - Math.floor(Number(values.leads) * 0.1)) / 3
    )
    const xc = (page: number) =>
      getJson(
        `${bot.baseUrl}/inbox/direct/chats?botId=${bot.botId}&customerId=${bot.customerId}&page=${page}&type=lead`,
        {
          'x-bot-token': bot.token
        }
      ) as Promise<{ data: unknown[] }>
    const lastPage = Math.ceil(botLeads / 20)
    await timed('express-chat page 1', rows, () => xc(1))
    await timed(`express-chat page ${Math.floor(lastPage / 2)} (middle)`, rows, () => xc(Math.floor(lastPage / 2)))
    const last = await timed(`express-chat page ${lastPage} (last)`, rows, () => xc(lastPage))
    if (last.data.length === 0) throw new Error('last page is empty')
    for (let page = 100; page < 120; page++) await xc(page)
    const [write] = (await xc(lastPage)).data as { uuid: string }[]
    await timed('express-chat PUT on the last page', rows, () =>
      fetch(`${bot.baseUrl}/inbox/direct/lead`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-bp-token': bot.token },
        body: JSON.stringify({ uuid: write!.uuid, botId: bot.botId, customerId: bot.customerId, status: 'CLOSED' })
      }).then((r) => r.json())
    )
    await timed(`express-chat page ${lastPage} after the write`, rows, () => xc(lastPage))

    const cb = accounts.chatbotCom[0]!
    const auth = { authorization: `Bearer ${cb.token}` }
    for (const field of ['createdAt', 'lastSeen']) {
      const oldest = (await getJson(`${cb.baseUrl}/users?limit=40&sort[field]=${field}&sort[order]=asc`, auth)) as {
        data: { id: string }[]
      }
      await timed(`ChatBot.com ${field} desc, after = 40th oldest (deepest cursor)`, rows, () =>
        getJson(`${cb.baseUrl}/users?limit=40&sort[field]=${field}&after=${oldest.data[39]!.id}`, auth)
      )
    }
    const cz = accounts.chatzuri[0]!
    await timed('Chatzuri last page (size 100)', rows, () =>
      getJson(
        `${cz.baseUrl}/api/v1/get-leads?agentId=${cz.agentId}&size=100&page=${Math.ceil(Math.floor(Number(values.leads) * 0.1) / 100)}`,
        {
          authorization: `Bearer ${cz.token}`
        }
      )
    )
    rows.push(['peak RSS (VmHWM) after those requests', `${memory(child.pid!).peakMb.toFixed(1)} MB`])

    const streamed = await timed(`admin snapshot of bot 1 as NDJSON (${botLeads} chats)`, rows, async () => {
      const response = await fetch(`${accounts.admin.url}/snapshot?platform=express-chat&account=0`, {
        headers: { authorization: `Bearer ${accounts.admin.token}` }
      })
      let newlines = 0
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++
      }
      return newlines
    })
    if (streamed !== botLeads) throw new Error(`snapshot streamed ${streamed} records`)
    rows.push(['peak RSS (VmHWM) after the snapshot too', `${memory(child.pid!).peakMb.toFixed(1)} MB`])

    console.log(
      `${listening} — ${values.leads} leads, ${values.chats} non-lead chats (express-chat bot 1: ${botLeads} leads)`
    )
    for (const [label, value] of rows) console.log(`${label.padEnd(66)} ${value}`)
  } finally {
    child.kill('SIGTERM')
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
