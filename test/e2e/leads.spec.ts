import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import type { LeadQueryInput } from '../../src/shared/contract'
import { expect, reload, snap, test, type LeadManagerServer } from './fixtures'
import { startDemo } from './helpers/demo'

const ADMIN_TOKEN = `e2e-admin-${randomBytes(8).toString('hex')}`
test.use({ serverEnv: { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN } })

/** Every express-chat record the demo sandbox holds (both streams of its three accounts), raw. */
async function expressChatRecords(server: LeadManagerServer): Promise<Record<string, unknown>[]> {
  const { baseUrl } = await server.rpc('demo.status', {})
  const records: Record<string, unknown>[] = []
  for (const account of [0, 1, 2]) {
    for (const type of ['lead', 'non-lead']) {
      const response = await fetch(
        `${baseUrl}/__admin/snapshot?platform=express-chat&account=${account}&type=${type}`,
        {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` }
        }
      )
      expect(response.ok).toBe(true)
      for (const line of (await response.text()).split('\n')) if (line.trim()) records.push(JSON.parse(line))
    }
  }
  return records
}

/** The words the full-text index holds for a raw express-chat record (unicode61: no accents, any case). */
function words(record: Record<string, unknown>): string[] {
  type Details = {
    name?: string
    contact?: { email?: string; phone?: { prefix?: string; number?: string } }
    tags?: unknown[]
    attributes?: unknown[]
  }
  const profile = (record.profile ?? {}) as { userDetails?: Details; notes?: unknown[] }
  const d = profile.userDetails ?? {}
  const text = [
    d.name,
    d.contact?.email,
    d.contact?.phone?.prefix,
    d.contact?.phone?.number,
    JSON.stringify(d.tags ?? []),
    JSON.stringify(profile.notes ?? []),
    JSON.stringify(d.attributes ?? []),
    (record.lastMessage as { text?: string } | null)?.text
  ].join(' ')
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
}

const rowsOf = (app: Page) => app.getByRole('table', { name: 'Leads' }).getByRole('row')
const header = (app: Page, name: string) => app.getByRole('columnheader', { name, exact: true })

async function firstName(server: LeadManagerServer, query: LeadQueryInput): Promise<string> {
  const { rows } = await server.rpc('leads.query', { query, window: { offset: 0 }, limit: 1 })
  const row = rows[0]!
  return row.name?.trim() || row.email?.trim() || ''
}

test.describe('the leads table', () => {
  test('sorts, filters, searches, counts what the sandbox holds, saves a view and scrolls to the end', async ({
    app,
    server
  }, testInfo) => {
    test.setTimeout(180_000)
    await startDemo(server)
    await reload(app)
    const { all } = await server.rpc('leads.count', { query: {} })
    const total = app.getByTestId('lead-total')
    await expect(total).toHaveText(`${all.toLocaleString('en')} leads`)
    const table = app.getByRole('table', { name: 'Leads' })
    await expect(table).toHaveAttribute('aria-rowcount', String(all + 1))

    // Sort by two columns, each both ways: aria-sort says so, and the first row is the server's first.
    for (const [column, name] of [
      ['name', 'Name'],
      ['email', 'Email']
    ] as const) {
      const sortButton = header(app, name).getByRole('button')
      await sortButton.click()
      await expect(header(app, name)).toHaveAttribute('aria-sort', 'ascending')
      await expect(rowsOf(app).nth(1)).toContainText(await firstName(server, { sort: [{ column, dir: 'asc' }] }))
      await sortButton.click()
      await expect(header(app, name)).toHaveAttribute('aria-sort', 'descending')
      await expect(rowsOf(app).nth(1)).toContainText(await firstName(server, { sort: [{ column, dir: 'desc' }] }))
    }
    await expect(header(app, 'Name')).toHaveAttribute('aria-sort', 'none')
    await snap(app, testInfo, 'sorted-by-email')

    // Three filters from the panel, checked against the sandbox's own records.
    await app.getByRole('button', { name: 'Filters' }).click()
    const filters = app.getByRole('region', { name: 'Filters' })
    await filters.getByRole('group', { name: 'Status' }).getByLabel('Open').check()
    await filters.getByRole('group', { name: 'Status' }).getByLabel('Review').check()
    await filters.getByRole('group', { name: 'Platform' }).getByLabel('express-chat').check()
    await filters.getByLabel('Has email').selectOption('yes')
    const records = await expressChatRecords(server)
    const hasEmail = (r: Record<string, unknown>): boolean =>
      Boolean((r.profile as { userDetails?: { contact?: { email?: string } } } | null)?.userDetails?.contact?.email)
    const matching = records.filter((r) => (r.status === 'OPEN' || r.status === 'REVIEW') && hasEmail(r))
    expect(matching.length).toBeGreaterThan(20)
    await expect(total).toHaveText(`${matching.length.toLocaleString('en')} of ${all.toLocaleString('en')} leads`)
    await app.getByRole('button', { name: 'Filters (3)' }).click()
    for (const chip of ['Status: Open or Review', 'Platform: express-chat', 'Has email']) {
      await expect(app.getByRole('button', { name: `Remove filter ${chip}` })).toBeVisible()
    }

    // And a search: a word from a name among them, found wherever the index has words.
    const named = matching
      .map((r) => (r.profile as { userDetails?: { name?: string } }).userDetails?.name ?? '')
      .map((name) => name.split(/\s+/)[0] ?? '')
      .find((word) => /^[A-Za-z]{4,}$/.test(word))!
    const word = named.toLowerCase()
    const found = matching.filter((r) => words(r).some((w) => w.startsWith(word)))
    expect(found.length).toBeGreaterThan(0)
    await app.keyboard.press('/')
    await app.keyboard.type(named)
    await expect(total).toHaveText(`${found.length.toLocaleString('en')} of ${all.toLocaleString('en')} leads`)
    await expect(rowsOf(app).nth(1).locator('mark').first()).toHaveText(new RegExp(`^${named}`, 'i'))
    await snap(app, testInfo, 'three-filters-and-a-search')

    // Save it as a view; after a reload it is in the sidebar with its count, and opens as saved.
    await app.getByRole('button', { name: 'Save as view' }).click()
    const dialog = app.getByRole('dialog', { name: 'Save as a view' })
    await dialog.getByLabel('View name').fill('Open and in review, with email')
    await dialog.getByRole('button', { name: 'Save view' }).click()
    await expect(app.getByRole('heading', { level: 1, name: 'Open and in review, with email' })).toBeVisible()
    await reload(app)
    await expect(total).toHaveText(`${found.length.toLocaleString('en')} of ${all.toLocaleString('en')} leads`)
    const views = app.getByRole('navigation', { name: 'Views' })
    const saved = views.getByRole('button', { name: /^Open and in review, with email/ })
    await expect(saved).toContainText(found.length.toLocaleString('en'))
    // Back and forward step through the table's states (they live in the URL).
    const searchOnly = (await server.rpc('leads.count', { query: { search: named } })).matching
    await app.getByRole('button', { name: 'Clear all filters' }).click()
    await expect(total).toHaveText(`${searchOnly.toLocaleString('en')} of ${all.toLocaleString('en')} leads`)
    await app.goBack()
    await expect(total).toHaveText(`${found.length.toLocaleString('en')} of ${all.toLocaleString('en')} leads`)
    await views.getByRole('button', { name: /^Demo · Chatzuri/ }).click()
    await expect(app.getByRole('heading', { level: 1, name: 'Demo · Chatzuri' })).toBeVisible()
    await saved.click()
    await expect(total).toHaveText(`${found.length.toLocaleString('en')} of ${all.toLocaleString('en')} leads`)
    await expect(app.getByRole('searchbox', { name: 'Search leads' })).toHaveValue(named)

    // Scroll to the end of everything: End reads the last page from the bottom, not every page.
    await app.getByRole('button', { name: 'Clear all filters' }).click()
    await app.getByRole('searchbox', { name: 'Search leads' }).fill('')
    await expect(total).toHaveText(`${all.toLocaleString('en')} leads`)
    const { rows: lastRows } = await server.rpc('leads.query', {
      query: { sort: [{ column: 'email', dir: 'desc' }] },
      window: { offsetFromEnd: 0 },
      limit: 1
    })
    await table.getByLabel(/^Lead rows/).focus()
    // The windows of the pages asked for from here on (the last page may already be prefetched).
    const windows: Record<string, unknown>[] = []
    app.on('request', (request) => {
      const body = request.url().endsWith('/api/invoke') ? request.postDataJSON() : null
      if (body?.method === 'leads.query') windows.push(body.input.window)
    })
    await app.keyboard.press('End')
    const lastRow = table.locator(`[role="row"][aria-rowindex="${all + 1}"]`)
    await expect(lastRow).toBeVisible()
    const last = lastRows[0]!
    await expect(lastRow).toContainText(last.name?.trim() || last.email || last.remoteId)
    // End jumps (the keyboard is on the last row now) rather than scrolling there through every
    // page, so the only pages read are the last ones, from the bottom.
    await expect(lastRow).toHaveAttribute('aria-current', 'true')
    for (const window of windows) expect(['offsetFromEnd', 'before']).toContain(Object.keys(window)[0])
    expect(await rowsOf(app).count()).toBeLessThan(80)
    await snap(app, testInfo, 'end-of-the-list')

    // A sync that changes leads updates the rows where they are: the scroll position stays.
    const scroller = table.getByLabel(/^Lead rows/)
    const scrolled = await scroller.evaluate((el) => el.scrollTop)
    const { baseUrl } = await server.rpc('demo.status', {})
    const churn = await fetch(`${baseUrl}/__admin/churn`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'express-chat', changed: 0.3 })
    })
    expect(churn.ok).toBe(true)
    const before = server.events.length
    await server.rpc('sync.run', {})
    await expect
      .poll(() => server.events.slice(before).some((e) => e.name === 'data.changed'), { timeout: 60_000 })
      .toBe(true)
    await expect(lastRow).toBeVisible()
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(scrolled)
  })

  test('says when nothing matches, and offers the way back', async ({ app, server }) => {
    await startDemo(server)
    await reload(app)
    const total = app.getByTestId('lead-total')
    await expect(total).toContainText('leads')
    await app.getByRole('searchbox', { name: 'Search leads' }).fill('zzqx')
    await expect(app.getByText('No leads match “zzqx”.')).toBeVisible()
    await app.getByRole('button', { name: 'Clear search and filters' }).click()
    await expect(app.getByRole('searchbox', { name: 'Search leads' })).toHaveValue('')
    await expect(total).not.toContainText(' of ')
  })
})
