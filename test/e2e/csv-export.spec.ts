import { mkdirSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Download, Page } from '@playwright/test'
import Papa from 'papaparse'
import { unguardCell } from '../../src/shared/csv/cells'
import { expect, snap, test as base, type LeadManagerServer } from './fixtures'
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

/** Every remote id the server lists for a query, in the table's order. */
async function remoteIdsInOrder(
  server: LeadManagerServer,
  query: { search?: string; status?: 'OPEN' }
): Promise<string[]> {
  const ids: string[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = await server.rpc('leads.list', { ...query, offset, limit: 1000 })
    ids.push(...page.rows.map((lead) => lead.remoteId))
    if (offset + 1000 >= page.total) return ids
  }
}

test.describe('CSV export', () => {
  test('exports a filtered view with chosen columns: header, row count and order as the table has them', async ({
    app,
    server
  }, testInfo) => {
    await startDemo(server)
    const sample = (await server.rpc('leads.list', { status: 'OPEN', limit: 200 })).rows.find(
      (l) => l.name && /^[A-Za-z]{4,}/.test(l.name)
    )!
    const word = sample.name!.split(' ')[0]!
    const query = { search: word, status: 'OPEN' as const }
    const expected = await remoteIdsInOrder(server, query)
    expect(expected.length).toBeGreaterThan(1)

    await app.reload()
    await app.getByRole('searchbox', { name: 'Search leads' }).fill(word)
    await app.getByLabel('Status').selectOption('OPEN')
    await expect(app.getByTestId('lead-total')).toHaveText(`${expected.length} lead${expected.length === 1 ? '' : 's'}`)

    const dialog = await openExportDialog(app)
    // From the view's columns: drop the dial code, add the platform ID and tags, put Email first.
    await dialog.getByRole('button', { name: 'Remove Dial code' }).click()
    await dialog.getByRole('checkbox', { name: 'ID on the platform' }).check()
    await dialog.getByRole('checkbox', { name: 'Tags (JSON array)' }).check()
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
    const [header, ...rows] = parsed.data
    expect(header).toEqual(['Email', 'Name', 'Phone', 'Status', 'Connection', 'Updated', 'Platform ID', 'Tags'])
    expect(rows).toHaveLength(expected.length)
    expect(rows.map((row) => unguardCell(row[6]!))).toEqual(expected)
    for (const row of rows) {
      expect(row[1]).toContain(word)
      expect(row[3]).toBe('OPEN')
      expect(Array.isArray(JSON.parse(row[7]!))).toBe(true)
    }
  })

  test('cancels a large export and leaves no file behind', async ({ app, server }, testInfo) => {
    test.setTimeout(180_000)
    const before = readdirSync(DOWNLOADS)
    await seedLeads(server.dataDir, 100_000, 2_000)
    await app.reload()
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
