import { mkdirSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Download, Page } from '@playwright/test'
import Papa from 'papaparse'
import type { LeadQueryInput } from '../../src/shared/contract'
import { unguardCell } from '../../src/shared/csv/cells'
import { expect, reload, snap, test as base, type LeadManagerServer } from './fixtures'
import { startDemo } from './helpers/demo'
import { seedLeads } from './helpers/seed'

// Downloads land in a folder of this worker's own, so a test can look for what is left in it.
const DOWNLOADS = join(tmpdir(), `lead-manager-e2e-downloads-${process.pid}`)
mkdirSync(DOWNLOADS, { recursive: true })
const test = base.extend<object, { launchOptions: object }>({
  launchOptions: [
    async ({ launchOptions }, use) => use({ ...launchOptions, downloadsPath: DOWNLOADS }),
    { scope: 'worker' }
  ]
})

/** axe-core's violations inside `selector` (evaluated over CDP, which the page's CSP does not govern). */
async function axeViolations(page: Page, selector: string): Promise<{ id: string; nodes: unknown[] }[]> {
  const source = await readFile(join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8')
  await page.evaluate(source)
  return page.evaluate(async (root) => {
    const axe = (
      window as unknown as { axe: { run(el: Element): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe
    return (await axe.run(document.querySelector(root)!)).violations.map(({ id, nodes }) => ({ id, nodes }))
  }, selector)
}

async function openExportDialog(app: Page): Promise<ReturnType<Page['getByRole']>> {
  await app.getByRole('button', { name: 'Export', exact: true }).click()
  const dialog = app.getByRole('dialog', { name: 'Export leads as CSV' })
  await expect(dialog).toBeVisible()
  return dialog
}

/** Every remote id the server lists for a query, in the table's order (the table's own method). */
async function remoteIdsInOrder(server: LeadManagerServer, query: LeadQueryInput): Promise<string[]> {
  const { matching } = await server.rpc('leads.count', { query })
  const ids: string[] = []
  while (ids.length < matching) {
    const page = await server.rpc('leads.query', { query, window: { offset: ids.length }, limit: 1000 })
    ids.push(...page.rows.map((lead) => lead.remoteId))
  }
  return ids
}

/** Remote id and email of every lead the server lists for a query, in the table's order. */
async function leadsInOrder(server: LeadManagerServer, query: LeadQueryInput): Promise<[string, string][]> {
  const { matching } = await server.rpc('leads.count', { query })
  const out: [string, string][] = []
  while (out.length < matching) {
    const page = await server.rpc('leads.query', { query, window: { offset: out.length }, limit: 1000 })
    out.push(...page.rows.map((lead): [string, string] => [lead.remoteId, lead.email ?? '']))
  }
  return out
}

/** Downloads the export the dialog offers under `button`; the file's rows parsed (plain CSV, comma). */
async function downloadRows(app: Page, dialog: ReturnType<Page['getByRole']>, button: string): Promise<string[][]> {
  const downloading = app.waitForEvent('download')
  await dialog.getByRole('button', { name: button }).click()
  const text = await readFile((await (await downloading).path())!, 'utf8')
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  return parsed.data.map((row) => row.map(unguardCell))
}

const header = (app: Page, name: string): ReturnType<Page['getByRole']> =>
  app.getByRole('columnheader', { name, exact: true })

test.describe('CSV export', () => {
  test('exports a filtered, sorted view with chosen columns: header, row count and order as the table has them', async ({
    app,
    server
  }, testInfo) => {
    await startDemo(server)
    const open = { filters: { status: ['OPEN' as const] } }
    const sample = (await server.rpc('leads.query', { query: open, window: { offset: 0 }, limit: 200 })).rows.find(
      (l) => l.name && /^[A-Za-z]{4,}/.test(l.name)
    )!
    const word = sample.name!.split(' ')[0]!
    const query = { ...open, search: word, sort: [{ column: 'name' as const, dir: 'desc' as const }] }
    const expected = await remoteIdsInOrder(server, query)
    const { all } = await server.rpc('leads.count', { query })
    expect(expected.length).toBeGreaterThan(1)

    // The view, built as a user builds it: a status filter, a search, the Name column sorted descending.
    await reload(app)
    await app.getByRole('button', { name: 'Filters' }).click()
    await app.getByRole('region', { name: 'Filters' }).getByRole('group', { name: 'Status' }).getByLabel('Open').check()
    await expect(app.getByRole('button', { name: 'Remove filter Status: Open' })).toBeVisible()
    await app.getByRole('searchbox', { name: 'Search leads' }).fill(word)
    const count = `${expected.length.toLocaleString('en')} of ${all.toLocaleString('en')} leads`
    await expect(app.getByTestId('lead-total')).toHaveText(count)
    const sortByName = header(app, 'Name').getByRole('button')
    await sortByName.click()
    await expect(header(app, 'Name')).toHaveAttribute('aria-sort', 'ascending')
    await sortByName.click()
    await expect(header(app, 'Name')).toHaveAttribute('aria-sort', 'descending')
    await expect(app.getByTestId('lead-total')).toHaveText(count)

    const dialog = await openExportDialog(app)
    // From the view's columns (Name, Email, Status, Connection, Agent, Tags, Updated): drop the agent,
    // add the platform ID, put Email first.
    await dialog.getByRole('button', { name: 'Remove Assigned agent' }).click()
    await dialog.getByRole('checkbox', { name: 'ID on the platform' }).check()
    await dialog.getByRole('button', { name: 'Move Email up' }).click()
    await dialog.getByRole('radio', { name: 'Plain CSV' }).check()
    await dialog.getByLabel('Delimiter').selectOption({ label: 'Semicolon (Excel in many European languages)' })
    await expect(dialog.getByRole('radio', { name: 'Safe for spreadsheets (recommended)' })).toBeChecked()
    await snap(app, testInfo, 'export-dialog')
    expect(await axeViolations(app, 'dialog[open]')).toEqual([])

    const downloading = app.waitForEvent('download')
    await dialog.getByRole('button', { name: `Export ${expected.length} leads` }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('leads.csv')
    const text = await readFile((await download.path())!, 'utf8')
    await expect(dialog.getByRole('status')).toHaveText(
      `Exported ${expected.length} leads, sent to your browser's downloads as leads.csv.`
    )
    await snap(app, testInfo, 'export-done')

    expect(text.charCodeAt(0)).not.toBe(0xfeff) // plain: no BOM
    const parsed = Papa.parse<string[]>(text, { delimiter: ';', newline: '\n', skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    const [columns, ...rows] = parsed.data
    expect(columns).toEqual(['Email', 'Name', 'Status', 'Connection', 'Tags', 'Updated', 'Platform ID'])
    expect(rows).toHaveLength(expected.length)
    expect(rows.map((row) => unguardCell(row[6]!))).toEqual(expected)
    for (const row of rows) {
      expect(row[2]).toBe('OPEN')
      expect(Array.isArray(JSON.parse(row[4]!))).toBe(true)
    }
  })

  test('exports the rows picked by click and Shift+click: exactly those leads, header as chosen', async ({
    app,
    server
  }) => {
    await startDemo(server)
    await reload(app)
    // The table's default view: newest update first.
    const shown = (await leadsInOrder(server, {})).slice(0, 8)
    const rows = app.getByRole('table', { name: 'Leads' }).getByRole('row')
    await expect(rows.nth(8)).toBeVisible()
    // Rows 2 to 5 (a click, then Shift+click), and row 8 with Ctrl/Cmd+click.
    await rows.nth(2).getByRole('cell').nth(2).click()
    await rows
      .nth(5)
      .getByRole('cell')
      .nth(2)
      .click({ modifiers: ['Shift'] })
    await rows
      .nth(8)
      .getByRole('cell')
      .nth(2)
      .click({ modifiers: ['ControlOrMeta'] })
    await expect(app.getByTestId('bulk-count')).toHaveText('5 selected')

    const dialog = await openExportDialog(app)
    await expect(dialog.getByRole('radio', { name: 'Only the selected ones (5)' })).toBeChecked()
    await dialog.getByRole('button', { name: 'Remove Assigned agent' }).click()
    await dialog.getByRole('button', { name: 'Remove Tags' }).click()
    await dialog.getByRole('checkbox', { name: 'ID on the platform' }).check()
    await dialog.getByRole('radio', { name: 'Plain CSV' }).check()
    const [columns, ...lines] = await downloadRows(app, dialog, 'Export 5 selected')
    await expect(dialog.getByRole('status')).toHaveText(
      "Exported 5 leads, sent to your browser's downloads as leads.csv."
    )

    expect(columns).toEqual(['Name', 'Email', 'Status', 'Connection', 'Updated', 'Platform ID'])
    const picked = [shown[1]!, shown[2]!, shown[3]!, shown[4]!, shown[7]!]
    expect(lines.map((line) => [line[5], line[1]])).toEqual(picked)
  })

  test('exports "all that match" a filter as selected, minus an unticked row, after the filter is removed', async ({
    app,
    server
  }) => {
    await startDemo(server)
    const open = { filters: { status: ['OPEN' as const] } }
    const matching = await leadsInOrder(server, open)
    expect(matching.length).toBeGreaterThan(3)
    const total = matching.length.toLocaleString('en')

    await reload(app)
    await app.getByRole('button', { name: 'Filters' }).click()
    await app.getByRole('region', { name: 'Filters' }).getByRole('group', { name: 'Status' }).getByLabel('Open').check()
    await expect(app.getByRole('button', { name: 'Remove filter Status: Open' })).toBeVisible()
    await app.getByRole('checkbox', { name: 'Select the rows shown' }).check()
    await app.getByRole('button', { name: `Select all ${total} that match` }).click()
    await expect(app.getByTestId('bulk-count')).toHaveText(`All ${total} that match selected`)
    // Untick the second row: the selection stays "all that match", less that one.
    await app
      .getByRole('table', { name: 'Leads' })
      .getByRole('row')
      .nth(2)
      .getByRole('cell')
      .nth(2)
      .click({ modifiers: ['ControlOrMeta'] })
    const count = (matching.length - 1).toLocaleString('en')
    await expect(app.getByTestId('bulk-count')).toHaveText(`All ${count} that match selected`)
    // The table now shows every lead; the selection is still the Open ones.
    await app.getByRole('button', { name: 'Remove filter Status: Open' }).click()
    await expect(app.getByTestId('bulk-count')).toContainText(`All ${count} that match an earlier filter selected`)

    const dialog = await openExportDialog(app)
    await expect(dialog.getByRole('radio', { name: `Only the selected ones (${count})` })).toBeChecked()
    await dialog.getByRole('checkbox', { name: 'ID on the platform' }).check()
    await dialog.getByRole('radio', { name: 'Plain CSV' }).check()
    const [columns, ...lines] = await downloadRows(app, dialog, `Export ${count} selected`)

    expect(columns).toEqual(['Name', 'Email', 'Status', 'Connection', 'Agent', 'Tags', 'Updated', 'Platform ID'])
    const expected = matching.filter((_, i) => i !== 1)
    expect(lines.map((line) => [line[7], line[1]])).toEqual(expected)
    expect(new Set(lines.map((line) => line[2]))).toEqual(new Set(['OPEN']))
  })

  test('cancels a large export and leaves no file behind', async ({ app, server }, testInfo) => {
    test.setTimeout(180_000)
    const before = readdirSync(DOWNLOADS)
    await seedLeads(server.dataDir, 100_000, 2_000)
    await reload(app)
    await expect(app.getByTestId('lead-total')).toHaveText('100,000 leads', { timeout: 30_000 })

    const dialog = await openExportDialog(app)
    await dialog.getByRole('checkbox', { name: 'Raw platform data (JSON)' }).check()
    const downloading = app.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Export 100,000 leads' }).click()
    const download: Download = await downloading

    // Some rows written, far from all: then cancel.
    const progress = dialog.getByRole('progressbar', { name: 'Export progress' })
    await expect(progress).toHaveAttribute('aria-valuetext', /^[1-9][\d,]* of 100,000 rows/, { timeout: 60_000 })
    await snap(app, testInfo, 'export-running')
    await dialog.getByRole('button', { name: 'Cancel export' }).click()
    await expect(dialog.getByRole('status')).toHaveText('Export cancelled. No file was saved.')

    expect(await download.failure()).not.toBeNull()
    await expect(download.path()).rejects.toThrow()
    expect(readdirSync(DOWNLOADS)).toEqual(before)
  })
})
