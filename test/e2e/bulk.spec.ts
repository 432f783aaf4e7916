import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import type { LeadFilters, Platform } from '../../src/shared/contract'
import { expect, snap, test, type LeadManagerServer } from './fixtures'
import { startDemo } from './helpers/demo'
import { admin as sandboxAdmin } from './helpers/sandbox-admin'

const ADMIN_TOKEN = `e2e-admin-${randomBytes(8).toString('hex')}`
test.use({ serverEnv: { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN } })

interface Write {
  platform: Platform
  path: string
  body: { uuid?: string; tags?: string[]; status?: string; attributes?: unknown }
}

const admin = (server: LeadManagerServer, method: 'GET' | 'PATCH', path: string, body?: unknown): Promise<unknown> =>
  sandboxAdmin(server, ADMIN_TOKEN, method, path, body)

const writes = async (server: LeadManagerServer): Promise<Write[]> => (await admin(server, 'GET', '/writes')) as Write[]
const targetOf = (w: Write): string => (w.platform === 'express-chat' ? String(w.body.uuid) : w.path.split('/').pop()!)

/** Every express-chat record the demo sandbox holds, raw. */
async function expressChatRecords(server: LeadManagerServer): Promise<{ status?: string; tags: string[] }[]> {
  const out: { status?: string; tags: string[] }[] = []
  for (const account of [0, 1, 2]) {
    for (const type of ['lead', 'non-lead']) {
      const text = (await admin(
        server,
        'GET',
        `/snapshot?platform=express-chat&account=${account}&type=${type}`
      )) as string
      for (const line of text.split('\n')) {
        if (!line.trim()) continue
        const record = JSON.parse(line) as { status?: string; profile?: { userDetails?: { tags?: string[] } } }
        out.push({ status: record.status, tags: record.profile?.userDetails?.tags ?? [] })
      }
    }
  }
  return out
}

async function syncAll(server: LeadManagerServer): Promise<void> {
  await server.rpc('sync.run', {})
  await expect
    .poll(async () => (await server.rpc('sync.status', {})).connections.every((c) => c.state !== 'syncing'), {
      timeout: 120_000
    })
    .toBe(true)
}

async function selectAllMatching(app: Page, count: number): Promise<void> {
  await app.getByRole('checkbox', { name: 'Select the rows shown' }).check()
  await app.getByRole('button', { name: `Select all ${count.toLocaleString('en')} that match` }).click()
  await expect(app.getByTestId('bulk-count')).toHaveText(`All ${count.toLocaleString('en')} that match selected`)
}

async function preview(app: Page, action: string, fill: (app: Page) => Promise<void>): Promise<void> {
  await app.getByLabel('Bulk action').selectOption({ label: action })
  await fill(app)
  await app.getByRole('button', { name: 'Preview…' }).click()
  await expect(app.getByRole('table', { name: 'What reaches each platform' })).toBeVisible()
  // The estimate reads as a length of time, not as the time left of running work.
  await expect(app.getByRole('dialog')).toContainText(
    /Pushing takes (under 5 s|about \d+ s|about \d+ min|about [\d.]+ h) at the platforms/
  )
}

test.describe('bulk edit', () => {
  test('tags and closes about 1,000 leads on three platforms, each written once, and undoes it on the platforms', async ({
    app,
    server
  }, testInfo) => {
    test.setTimeout(300_000)
    await startDemo(server)

    // About 1,000 leads on all three platforms: those with a phone, of one express-chat bot, the
    // ChatBot.com account and the Chatzuri agent.
    const connections = await server.rpc('connections.list', {})
    const pick = (platform: Platform): string => connections.find((c) => c.platform === platform)!.id
    const filters: LeadFilters = {
      connection: [pick('express-chat'), pick('chatbot-com'), pick('chatzuri')],
      hasPhone: true
    }
    const count = (await server.rpc('leads.count', { query: { filters } })).matching
    expect(count).toBeGreaterThan(700)
    expect(count).toBeLessThan(1500)
    await app.evaluate((q) => (window.location.hash = `#leads?q=${encodeURIComponent(q)}`), JSON.stringify({ filters }))
    await expect(app.getByTestId('lead-total')).toContainText(count.toLocaleString('en'))

    // Add a tag to all that match: the preview's counts per platform are the leads of each platform.
    await selectAllMatching(app, count)
    await preview(app, 'Add tags', async (page) => {
      await page.getByLabel('Tags (comma-separated)').fill('expo-e2e')
    })
    const expected: Record<Platform, number> = { 'express-chat': 0, 'chatbot-com': 0, chatzuri: 0 }
    for (const p of Object.keys(expected) as Platform[]) {
      expected[p] = (await server.rpc('leads.count', { query: { filters: { ...filters, platform: [p] } } })).matching
    }
    const dialog = app.getByRole('dialog')
    await expect(dialog.getByTestId('pushed-express-chat')).toHaveText(expected['express-chat'].toLocaleString('en'))
    await expect(dialog.getByTestId('pushed-chatbot-com')).toHaveText(expected['chatbot-com'].toLocaleString('en'))
    await expect(dialog.getByTestId('pushed-chatzuri')).toHaveText('0')
    await expect(dialog.getByTestId('local-chatzuri')).toHaveText(expected.chatzuri.toLocaleString('en'))
    await snap(app, testInfo, 'bulk-preview')
    await dialog.getByRole('button', { name: /^Apply to/ }).click()
    await expect(app.getByRole('status').filter({ hasText: 'Add tags: expo-e2e' })).toBeVisible({ timeout: 60_000 })

    // Then close them all: stacked on the tag, each lead still gets one write.
    await selectAllMatching(app, count)
    await preview(app, 'Set status', async (page) => {
      await page.getByLabel('New status').selectOption('CLOSED')
    })
    await app
      .getByRole('dialog')
      .getByRole('button', { name: /^Apply to/ })
      .click()
    await expect(app.getByRole('status').filter({ hasText: 'Set status: CLOSED' })).toBeVisible({ timeout: 60_000 })

    const pushed = expected['express-chat'] + expected['chatbot-com']
    await syncAll(server)
    await expect.poll(async () => (await writes(server)).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(pushed)
    const applied = await writes(server)
    const perLead = new Map<string, number>()
    for (const w of applied) perLead.set(targetOf(w), (perLead.get(targetOf(w)) ?? 0) + 1)
    expect(perLead.size).toBe(pushed)
    expect([...perLead.values()].every((n) => n === 1)).toBe(true)
    const onPlatform = await expressChatRecords(server)
    expect(onPlatform.filter((r) => r.tags.includes('expo-e2e')).length).toBe(expected['express-chat'])

    // Undo both from the history: the platforms get their old values back.
    await app.getByRole('button', { name: 'Bulk history' }).click()
    const history = app.getByRole('dialog', { name: 'Bulk edit history' })
    await history.getByRole('button', { name: 'Undo Set status: CLOSED' }).click()
    await expect(history.getByText(/^Undone: /)).toBeVisible({ timeout: 60_000 })
    await history.getByRole('button', { name: 'Undo Add tags: expo-e2e' }).click()
    await expect(history.getByRole('button', { name: 'Undo Add tags: expo-e2e' })).toBeDisabled({ timeout: 60_000 })
    await snap(app, testInfo, 'bulk-history')
    await history.getByRole('button', { name: 'Close', exact: true }).click()
    await syncAll(server)
    await expect
      .poll(async () => (await expressChatRecords(server)).filter((r) => r.tags.includes('expo-e2e')).length, {
        timeout: 120_000
      })
      .toBe(0)
    const closedBefore = onPlatform.filter((r) => r.status === 'CLOSED').length
    expect((await expressChatRecords(server)).filter((r) => r.status === 'CLOSED').length).toBeLessThan(closedBefore)
  })

  test('an edit undone before it was pushed sends nothing to the platform', async ({ app, server }) => {
    test.setTimeout(240_000)
    await startDemo(server)
    await app.evaluate(
      (q) => (window.location.hash = `#leads?q=${encodeURIComponent(q)}`),
      JSON.stringify({ filters: { platform: ['express-chat'] } })
    )
    // The platforms answer every request with a 500 for now: nothing can be pushed.
    for (const platform of ['express-chat', 'chatbot-com']) {
      await admin(server, 'PATCH', `/faults/${platform}`, { errorRate: 1 })
    }
    const before = (await writes(server)).length
    const rows = app.getByRole('table', { name: 'Leads' }).getByRole('row')
    await rows.nth(1).getByRole('cell').nth(2).click()
    await rows
      .nth(5)
      .getByRole('cell')
      .nth(2)
      .click({ modifiers: ['Shift'] })
    await expect(app.getByTestId('bulk-count')).toHaveText('5 selected')
    await rows.nth(5).focus()
    await app.keyboard.press('x')
    await expect(app.getByTestId('bulk-count')).toHaveText('4 selected')
    await preview(app, 'Set attribute', async (page) => {
      await page.getByLabel('Attribute name', { exact: true }).fill('region')
      await page.getByLabel('Value', { exact: true }).fill('north')
    })
    await app.getByRole('dialog').getByRole('button', { name: 'Apply to 4 leads' }).click()
    await expect(app.getByRole('status').filter({ hasText: 'Set region: north' })).toBeVisible()
    await app.keyboard.press('ControlOrMeta+z')
    await expect(app.getByRole('status').filter({ hasText: /Undone: 4 leads restored/ })).toBeVisible({
      timeout: 60_000
    })

    for (const platform of ['express-chat', 'chatbot-com']) {
      await admin(server, 'PATCH', `/faults/${platform}`, { errorRate: 0 })
    }
    await syncAll(server)
    const sent = (await writes(server)).slice(before)
    expect(sent).toEqual([])
  })

  test('the header counts pushed, waiting and failed edits per connection as the outbox pushes them', async ({
    app,
    server
  }) => {
    test.setTimeout(240_000)
    const demo = await startDemo(server)
    const target = demo.find((c) => c.platform === 'chatbot-com')!
    // Slow enough that the counts are seen moving: four edits in flight, each held 40 ms.
    await admin(server, 'PATCH', '/faults/chatbot-com', { latencyMs: 40 })
    const filters: LeadFilters = { connection: [target.id] }
    const count = (await server.rpc('leads.count', { query: { filters } })).matching
    expect(count).toBeGreaterThan(200)
    await app.evaluate((q) => (window.location.hash = `#leads?q=${encodeURIComponent(q)}`), JSON.stringify({ filters }))
    await expect(app.getByTestId('lead-total')).toContainText(count.toLocaleString('en'))
    const before = (await writes(server)).length

    await selectAllMatching(app, count)
    await preview(app, 'Add tags', async (page) => {
      await page.getByLabel('Tags (comma-separated)').fill('push-e2e')
    })
    await app
      .getByRole('dialog')
      .getByRole('button', { name: /^Apply to/ })
      .click()
    await expect(app.getByRole('status').filter({ hasText: 'Add tags: push-e2e' })).toBeVisible({ timeout: 60_000 })

    // Queued and not yet pushed (the bulk edit waits for its Undo before it goes out).
    const counts = app.getByRole('list', { name: 'Edits to push' })
    const line = counts.getByRole('listitem', { name: new RegExp(`^${target.name}: `) })
    const n = (value: number): string => value.toLocaleString('en')
    await expect(line).toHaveAccessibleName(`${target.name}: 0 pushed, ${n(count)} waiting, 0 failed`)

    // Pushing: the counts move, pushed up and waiting down; nothing is refused.
    const seen: { pushed: number; waiting: number; failed: number }[] = []
    await expect
      .poll(
        async () => {
          const match = /: ([\d,]+) pushed, ([\d,]+) waiting, ([\d,]+) failed$/.exec(
            (await line.getAttribute('aria-label')) ?? ''
          )
          if (!match) return 0
          const [pushed, waiting, failed] = match.slice(1).map((v) => Number(v.replace(/,/g, '')))
          seen.push({ pushed: pushed!, waiting: waiting!, failed: failed! })
          return new Set(seen.filter((c) => c.pushed > 0 && c.waiting > 0).map((c) => c.pushed)).size
        },
        { timeout: 120_000, intervals: [100] }
      )
      .toBeGreaterThanOrEqual(2)
    expect(seen.every((c) => c.failed === 0)).toBe(true)

    // Settled: every edit pushed, none waiting or failed, and the platform wrote each lead once.
    await expect(line).toHaveAccessibleName(`${target.name}: ${n(count)} pushed, 0 waiting, 0 failed`, {
      timeout: 120_000
    })
    await expect(line.getByTestId('pushed')).toHaveText(n(count))
    const sent = (await writes(server)).slice(before)
    expect(sent).toHaveLength(count)
    expect(new Set(sent.map(targetOf)).size).toBe(count)
  })
})
