import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import type { Connection, TableRow } from '../../src/shared/contract'
import { expect, reload, snap, test, type LeadManagerServer } from './fixtures'
import { startDemo } from './helpers/demo'
import { admin, expressChatRecord, writeOnPlatform } from './helpers/sandbox-admin'

// Issue 10's Must show: open a lead and edit it, waiting → synced, values on the platform; a conflict
// made on purpose and settled field by field; a chat promoted; a whole flow by keyboard only.

const ADMIN_TOKEN = `e2e-admin-${randomBytes(8).toString('hex')}`
// No automatic retry of a failed push while a test holds the platform's writes back.
test.use({ serverEnv: { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN, LEADS_OFFLINE_RETRY_MS: '600000' } })
test.describe.configure({ timeout: 240_000 })

const panel = (app: Page) => app.getByTestId('lead-detail')
const syncState = (app: Page) => app.getByTestId('detail-sync-state')

/** An express-chat lead with a name and an email (so the search finds it and the panel titles it). */
async function namedLead(server: LeadManagerServer, connection: Connection, skip = 0): Promise<TableRow> {
  const { rows } = await server.rpc('leads.query', {
    query: { filters: { connection: [connection.id], kind: 'lead', hasEmail: true } },
    window: { offset: 0 },
    limit: 50
  })
  const named = rows.filter((r) => r.name?.trim() && r.email?.trim() && /^[\w.@+-]+$/.test(r.email))
  const lead = named[skip]
  if (!lead) throw new Error('the demo data has no named lead with a plain email')
  return lead
}

async function openBySearch(app: Page, lead: TableRow): Promise<void> {
  await app.getByRole('searchbox', { name: 'Search leads' }).fill(lead.email!)
  const row = app.getByRole('table', { name: 'Leads' }).getByRole('row').filter({ hasText: lead.email! }).first()
  await row.click()
  await expect(panel(app).getByRole('heading', { level: 2 })).toHaveText(lead.name!.trim())
}

async function holdWrites(server: LeadManagerServer, hold: boolean): Promise<void> {
  await admin(server, ADMIN_TOKEN, 'PATCH', '/faults/express-chat', { errorRate: hold ? 1 : 0 })
}

async function syncIdle(server: LeadManagerServer): Promise<void> {
  await expect
    .poll(async () => (await server.rpc('sync.status', {})).connections.every((c) => c.state !== 'syncing'), {
      timeout: 60_000
    })
    .toBe(true)
}

async function waitForQuietQueue(server: LeadManagerServer, connection: Connection): Promise<void> {
  const queue = async (): Promise<string> =>
    JSON.stringify(
      (await server.rpc('outbox.list', { connectionId: connection.id })).map((e) => [e.id, e.state, e.attempts])
    )
  await expect(async () => {
    const before = await queue()
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const after = await queue()
    expect(after).toBe(before)
    const entries = JSON.parse(after) as [number, string, number][]
    // An edit made while another was being sent may not have been tried yet: one tried is enough.
    expect(entries.every(([, state]) => state === 'pending') && entries.some(([, , attempts]) => attempts > 0)).toBe(
      true
    )
  }).toPass({ timeout: 90_000 })
}

test('open a lead, edit status, tags and notes: waiting to push, then synced, and on the platform', async ({
  app,
  server
}, testInfo) => {
  const demo = await startDemo(server)
  const connection = demo.find((c) => c.platform === 'express-chat')!
  const lead = await namedLead(server, connection)
  await reload(app)
  await holdWrites(server, true)

  await openBySearch(app, lead)
  const detail = panel(app)
  await expect(syncState(app)).toHaveText('Synced')
  const status = lead.status === 'REVIEW' ? 'On hold' : 'Review'
  await detail.getByLabel('Status').selectOption({ label: status })
  await expect(app.getByRole('status').filter({ hasText: 'Status saved.' })).toBeVisible()
  await detail.getByLabel('Add a tag').fill('e2e-detail')
  await detail.getByLabel('Add a tag').press('Enter')
  await expect(detail.getByRole('list', { name: 'Tags' })).toContainText('e2e-detail')
  await detail.getByLabel('New note title').fill('Called back')
  await detail.getByLabel('New note text').fill('Wants a demo on Friday')
  await detail.getByRole('button', { name: 'Add note' }).click()
  await expect(detail.getByLabel('Title of Called back')).toHaveValue('Called back')
  await detail.getByLabel('New attribute name').fill('budget')
  await detail.getByLabel('New attribute value').fill('5000')
  await detail.getByRole('button', { name: 'Add attribute' }).click()
  await expect(detail.getByLabel('budget', { exact: true })).toHaveValue('5000')
  await expect(syncState(app)).toContainText('Waiting to push')
  await snap(app, testInfo, 'waiting-to-push')

  // Undo puts the previous tags back through the outbox too; then add the tag again.
  await detail.getByRole('button', { name: 'Remove tag e2e-detail' }).click()
  await app.getByRole('button', { name: 'Undo' }).click()
  await expect(detail.getByRole('list', { name: 'Tags' })).toContainText('e2e-detail')

  // The platform takes writes again: the refused push waits its backoff, and "Push now" (outbox.retry)
  // sends it at once, then a sync reads the lead back from the platform.
  await syncIdle(server)
  await holdWrites(server, false)
  const pushNow = detail.getByRole('button', { name: 'Push now' })
  await expect(async () => {
    // An edit made while another was being sent is queued apart: push each.
    if (await pushNow.count()) await pushNow.first().click()
    await expect(syncState(app)).toHaveText('Synced', { timeout: 2_000 })
  }).toPass({ timeout: 60_000 })
  await syncIdle(server)
  await server.rpc('sync.run', { connectionId: connection.id })
  await syncIdle(server)
  await expect(syncState(app)).toHaveText('Synced')
  await expect(detail.getByRole('list', { name: 'Tags' })).toContainText('e2e-detail')

  const record = (await expressChatRecord(server, ADMIN_TOKEN, connection, lead.remoteId))!
  const profile = record.profile as { userDetails: { tags: string[] }; notes: { title: string; description: string }[] }
  expect(record.status).toBe(status === 'Review' ? 'REVIEW' : 'ONHOLD')
  expect(profile.userDetails.tags).toContain('e2e-detail')
  expect(profile.notes.map((n) => [n.title, n.description])).toContainEqual(['Called back', 'Wants a demo on Friday'])
  expect((profile.userDetails as { attributes?: unknown[] }).attributes).toContainEqual({
    key: 'budget',
    value: '5000'
  })
})

test('a conflict made on the platform is settled field by field, in the panel and the outbox', async ({
  app,
  server
}, testInfo) => {
  const demo = await startDemo(server)
  const connection = demo.find((c) => c.platform === 'express-chat')!
  const lead = await namedLead(server, connection, 1)
  await reload(app)
  await holdWrites(server, true)
  await openBySearch(app, lead)
  const detail = panel(app)
  await detail.getByLabel('Status').selectOption({ label: lead.status === 'CLOSED' ? 'Open' : 'Closed' })
  await detail.getByLabel('Add a tag').fill('e2e-mine')
  await detail.getByLabel('Add a tag').press('Enter')
  await expect(syncState(app)).toContainText('Waiting to push')
  // The pushes were tried and refused (the platform holds writes back) and have stopped: the queue
  // stays the same for 3 s, every edit waiting. Nothing retries them by itself until the next sync.
  await waitForQuietQueue(server, connection)
  await syncIdle(server)
  await holdWrites(server, false)
  // Meanwhile someone changes the same lead on the platform.
  await writeOnPlatform(server, ADMIN_TOKEN, connection, { uuid: lead.remoteId, status: 'DEPENDANCY' })
  await server.rpc('sync.run', { connectionId: connection.id })
  await expect(syncState(app)).toContainText('Conflict', { timeout: 60_000 })
  const conflict = detail.getByRole('region', { name: /Conflict on/ })
  await expect(conflict.getByRole('row', { name: /Status/ })).toContainText('Dependency')
  await snap(app, testInfo, 'conflict-in-panel')

  // The outbox screen lists it too, across connections.
  await app.keyboard.press('Escape')
  await app.keyboard.press('Alt+6')
  const outbox = app.getByRole('region', { name: 'Conflicts' })
  await expect(outbox.getByRole('region', { name: /Conflict on/ })).toBeVisible()
  const settle = outbox.getByRole('button', { name: 'Settle conflict' })
  await expect(settle).toBeDisabled()
  await outbox.getByRole('radio', { name: /Keep theirs for Status/ }).check()
  await settle.click()
  await expect(app.getByRole('region', { name: /Conflict on/ })).toHaveCount(0, { timeout: 30_000 })
  await snap(app, testInfo, 'outbox-after-settle')

  // Theirs for the status; the tags (not in conflict) were pushed as mine.
  await expect
    .poll(
      async () => {
        const record = await expressChatRecord(server, ADMIN_TOKEN, connection, lead.remoteId)
        const tags = (record?.profile as { userDetails?: { tags?: string[] } } | undefined)?.userDetails?.tags
        return [record?.status, tags?.includes('e2e-mine')]
      },
      { timeout: 60_000 }
    )
    .toEqual(['DEPENDANCY', true])
  expect((await server.rpc('leads.get', { id: lead.id })).status).toBe('DEPENDANCY')
})

test('promote a chat to a lead; it is a lead on the platform', async ({ app, server }) => {
  const demo = await startDemo(server)
  const connection = demo.find((c) => c.platform === 'express-chat')!
  await reload(app)
  await app.keyboard.press('g')
  await app.keyboard.press('c')
  await expect(app.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible()
  const { rows } = await server.rpc('leads.query', {
    query: { filters: { connection: [connection.id], kind: 'chat' } },
    window: { offset: 0 },
    limit: 1
  })
  const chat = rows[0]!
  await app.getByRole('searchbox', { name: 'Search leads' }).fill(`connection:"${connection.name}" `)
  // That chat's own row, once the filtered rows are in: the first row of the list before the filter
  // applied (or a row still loading, which a click does not open) raced the filter (failed once in
  // npm test: no detail opened, so no Promote button).
  await app
    .getByRole('table', { name: 'Leads' })
    .getByRole('row')
    .filter({ has: app.getByRole('checkbox', { name: `Select lead ${chat.id}` }) })
    .click()
  await panel(app).getByRole('button', { name: 'Promote to lead' }).click()
  const dialog = app.getByRole('dialog', { name: 'Promote to lead' })
  const name = `Promoted ${randomBytes(3).toString('hex')}`
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByLabel('Email').fill('promoted@example.com')
  await dialog.getByRole('button', { name: 'Promote' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.getByRole('status').filter({ hasText: `${name} is a lead now.` })).toBeVisible()
  const opened = await server.rpc('leads.get', { id: chat.id }).catch(() => null)
  expect(opened).not.toBeNull()

  await expect
    .poll(
      async () => {
        const promoted = (
          await server.rpc('leads.query', {
            query: { search: name },
            window: { offset: 0 },
            limit: 1
          })
        ).rows[0]
        if (!promoted) return null
        const record = await expressChatRecord(server, ADMIN_TOKEN, connection, promoted.remoteId)
        const details = (record?.profile as { userDetails?: { name?: string } } | undefined)?.userDetails
        return [promoted.kind, record?.type, details?.name]
      },
      { timeout: 60_000 }
    )
    .toEqual(['lead', 'lead', name])
})

test('a whole flow by keyboard only: search, open, edit, close, next lead', async ({ app, server }) => {
  const demo = await startDemo(server)
  const connection = demo.find((c) => c.platform === 'express-chat')!
  const lead = await namedLead(server, connection, 2)
  await reload(app)
  await app.keyboard.press('/')
  // A word of the lead's name: a few leads match, the first rows are enough.
  await app.keyboard.type(lead.name!.trim().split(/\s+/)[0]!)
  await expect(app.getByTestId('lead-total')).not.toHaveText('Counting…')
  // Tab from the search to the rows (past the toolbar's buttons and the column headers).
  for (let i = 0; i < 40; i++) {
    await app.keyboard.press('Tab')
    if (await app.locator('#lead-rows').evaluate((el) => el === document.activeElement)) break
  }
  await expect(app.locator('#lead-rows')).toBeFocused()
  await app.keyboard.press('j')
  const firstRow = app.locator('#lead-row-0')
  await expect(firstRow).toBeFocused()
  await expect(firstRow).toHaveAttribute('aria-current', 'true')
  await app.keyboard.press('Enter')
  const title = panel(app).getByRole('heading', { level: 2 })
  await expect(title).not.toHaveText('Loading the lead…')
  const firstTitle = await title.textContent()

  // Opening puts focus on the lead's name in the panel (Shift+Tab reaches Close); Tab goes on to its fields.
  await expect(title).toBeFocused()
  await app.keyboard.press('Shift+Tab')
  await expect(app.getByRole('button', { name: 'Close lead details' })).toBeFocused()
  await app.keyboard.press('Tab')
  const status = panel(app).getByLabel('Status')
  for (let i = 0; i < 12 && !(await status.evaluate((el) => el === document.activeElement)); i++)
    await app.keyboard.press('Tab')
  await expect(status).toBeFocused()
  // The first or last status, whichever the lead does not have already.
  const wasClosed = (await status.inputValue()) === 'CLOSED'
  await app.keyboard.press(wasClosed ? 'Home' : 'End')
  await expect(status).toHaveValue(wasClosed ? 'OPEN' : 'CLOSED')
  await expect(app.getByRole('status').filter({ hasText: 'Status saved.' })).toBeVisible()

  await app.keyboard.press('Escape')
  await expect(panel(app)).toBeHidden()
  await expect(firstRow).toBeFocused()
  await app.keyboard.press('j')
  await expect(app.locator('#lead-row-1')).toBeFocused()
  await app.keyboard.press('Enter')
  await expect(title).not.toHaveText('Loading the lead…')
  await expect(title).not.toHaveText(firstTitle ?? '')
  // Back to the table and the previous lead, still by keyboard.
  await app.keyboard.press('Escape')
  await expect(app.locator('#lead-row-1')).toBeFocused()
  await app.keyboard.press('k')
  await app.keyboard.press('Enter')
  await expect(title).toHaveText(firstTitle ?? '')
  // A key pressed as soon as the panel is gone, before the next frame, still reaches the table.
  await app.keyboard.press('Escape')
  await app.locator('[data-testid="lead-detail"]').waitFor({ state: 'detached' })
  await app.keyboard.press('j')
  await expect(app.locator('#lead-row-1')).toBeFocused()
})
