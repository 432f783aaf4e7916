import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, ROOT, test } from './fixtures'
import { seriousViolations } from './helpers/axe'
import { startDemo } from './helpers/demo'

/** The count in a link's accessible name ("OPEN: 1,204 leads" → "1,204"). */
async function countOf(link: Locator): Promise<string> {
  const name = (await link.getAttribute('aria-label')) ?? ''
  const n = /: ([\d,]+) leads?$/.exec(name)?.[1]
  if (!n) throw new Error(`no count in "${name}"`)
  return n
}

async function openDashboard(app: Page): Promise<void> {
  await app
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Dashboard/ })
    .click()
  await expect(app.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(app.getByRole('heading', { level: 2, name: 'Status funnel' })).toBeVisible()
}

test.describe('the dashboard', () => {
  test('a chart segment opens the leads table filtered to exactly its leads, with the same count', async ({
    app,
    server
  }) => {
    await startDemo(server)
    const all = (await server.rpc('dashboard.summary', { query: {} })).total.toLocaleString('en')
    await openDashboard(app)

    // A bar of the funnel, clicked: the table shows that status and the bar's count.
    const open = app.getByRole('link', { name: /^OPEN: [\d,]+ leads?$/ })
    const openCount = await countOf(open)
    await open.click()
    await expect(app.getByTestId('lead-total')).toHaveText(`${openCount} of ${all} leads`)
    await expect(app.getByRole('button', { name: /Status: Open/ })).toBeVisible()
    expect(await seriousViolations(app)).toEqual([])
    // "Back to dashboard" returns to the dashboard as it was: unfiltered, the same bar.
    await app.getByRole('button', { name: 'Back to dashboard' }).click()
    await expect(app.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    await expect.poll(() => countOf(open)).toBe(openCount)

    // A segment of the stacked timeline, by connection, opened from the keyboard.
    await app.getByLabel('Stack by').selectOption('connection')
    const timeline = app.getByRole('figure', { name: 'New leads over time' })
    // The old chart stays up while the new counts come: read a segment once they are in.
    await expect(timeline).toContainText('by connection')
    const segment = timeline.getByRole('link', { name: /, [A-Z][a-z]{2} \d{4}: [\d,]+ leads?$/ }).first()
    const segmentCount = await countOf(segment)
    await segment.focus()
    await app.keyboard.press('Enter')
    await expect(app.getByTestId('lead-total')).toHaveText(`${segmentCount} of ${all} leads`)
    // The browser's Back does the same.
    await app.goBack()
    await expect(app.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
    await expect(app.getByRole('button', { name: 'Back to dashboard' })).toHaveCount(0)

    // An agent's status, from the data table a screen reader would use.
    await openDashboard(app)
    const agents = app.getByRole('region', { name: 'Leads per agent' })
    await agents.getByRole('button', { name: 'Show leads per agent as a table' }).click()
    const cell = agents.getByRole('table').getByRole('link').first()
    const cellCount = await countOf(cell)
    await cell.click()
    await expect(app.getByTestId('lead-total')).toHaveText(`${cellCount} of ${all} leads`)
  })

  test('has no serious or critical axe-core violations, light and dark; screenshots of both', async ({
    app,
    server
  }, testInfo) => {
    await startDemo(server)
    await app.setViewportSize({ width: 1360, height: 1500 })
    await openDashboard(app)
    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme })
      const violations = (await seriousViolations(app)).map((v) => `${v.id}: ${v.nodes.join(', ')}`)
      expect(violations, scheme).toEqual([])
      const path = testInfo.outputPath(`dashboard-${scheme}.png`)
      await app.screenshot({ path, fullPage: true })
      await testInfo.attach(`dashboard-${scheme}`, { path, contentType: 'image/png' })
      // LEADS_SCREENSHOTS=1 refreshes the README's pictures from this run.
      if (process.env.LEADS_SCREENSHOTS === '1')
        copyFileSync(path, join(ROOT, 'docs', 'screenshots', `dashboard-${scheme}.png`))
    }
  })

  test('exports a chart as PNG and its numbers as CSV', async ({ app, server }) => {
    await startDemo(server)
    await openDashboard(app)
    const funnel = app.getByRole('region', { name: 'Status funnel' })
    const [csv] = await Promise.all([
      app.waitForEvent('download'),
      funnel.getByRole('button', { name: 'Export status funnel as CSV' }).click()
    ])
    expect(csv.suggestedFilename()).toBe('status-funnel.csv')
    const text = readFileSync((await csv.path())!, 'utf8')
    const open = await countOf(app.getByRole('link', { name: /^OPEN: [\d,]+ leads?$/ }))
    expect(text).toContain(`Open`)
    expect(text).toMatch(new RegExp(`\\n"?Open[^\\n]*,${open.replace(/,/g, '')}\\r`))

    const [png] = await Promise.all([
      app.waitForEvent('download'),
      funnel.getByRole('button', { name: 'Export status funnel as PNG' }).click()
    ])
    expect(png.suggestedFilename()).toBe('status-funnel.png')
    const bytes = readFileSync((await png.path())!)
    expect(bytes.subarray(1, 4).toString()).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(2000)
  })
})
