import { expect, snap, test } from './fixtures'
import { startDemo } from './helpers/demo'

test.describe('the leads list', () => {
  test('pages through every lead, searches, filters by status, and says when nothing matches', async ({
    app,
    server
  }, testInfo) => {
    await startDemo(server)
    const all = await server.rpc('leads.list', { limit: 1 })
    expect(all.total).toBeGreaterThan(200)
    await app.reload()

    const total = app.getByTestId('lead-total')
    await expect(total).toHaveText(`${all.total.toLocaleString('en')} leads`)
    const table = app.getByRole('table', { name: 'Leads' })
    await expect(table).toHaveAttribute('aria-rowcount', String(all.total + 1))

    // The list is virtual: scrolling to the end fetches the last page and renders its last row.
    const [last] = (await server.rpc('leads.list', { offset: all.total - 1, limit: 1 })).rows
    const scroller = table.getByRole('rowgroup').nth(1)
    await scroller.focus()
    await app.keyboard.press('End')
    const lastRow = table.locator(`[aria-rowindex="${all.total + 1}"]`)
    await expect(lastRow).toBeVisible()
    await expect(lastRow).toContainText(last!.name ?? 'No name')
    expect(await table.getByRole('row').count()).toBeLessThan(100)

    // Search: the count and rows are the server's answer to the same query.
    const sample = (await server.rpc('leads.list', { limit: 50 })).rows.find(
      (l) => l.name && /^[A-Za-z]{4,}/.test(l.name)
    )!
    const word = sample.name!.split(' ')[0]!
    const found = await server.rpc('leads.list', { search: word, limit: 1 })
    await app.keyboard.press('/')
    await app.keyboard.type(word)
    await expect(total).toHaveText(`${found.total.toLocaleString('en')} lead${found.total === 1 ? '' : 's'}`)
    await expect(table.getByRole('row').nth(1)).toContainText(word)
    await snap(app, testInfo, 'leads-search')

    // Status filter, combined with the search.
    const status = app.getByLabel('Status')
    await status.selectOption('OPEN')
    const open = await server.rpc('leads.list', { search: word, status: 'OPEN', limit: 1 })
    await expect(total).toHaveText(`${open.total.toLocaleString('en')} lead${open.total === 1 ? '' : 's'}`)

    // Nothing matches: say so, and offer the way back.
    await app.getByRole('searchbox', { name: 'Search leads' }).fill('zz-no-such-lead-zz')
    await expect(app.getByText('No leads match “zz-no-such-lead-zz”.')).toBeVisible()
    await app.getByRole('button', { name: 'Clear search and filter' }).click()
    await expect(total).toHaveText(`${all.total.toLocaleString('en')} leads`)
    await expect(status).toHaveValue('')
  })
})
