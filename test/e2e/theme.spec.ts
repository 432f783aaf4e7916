import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, ROOT, snap, test } from './fixtures'
import { startDemo } from './helpers/demo'

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

interface ContrastFailure {
  target: string
  summary: string
}

/** axe-core's colour-contrast rule over the page as it stands; evaluated outside the page's CSP. */
async function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  await page.evaluate(AXE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResults> } }).axe
    interface AxeResults {
      violations: { nodes: { target: string[]; failureSummary?: string }[] }[]
    }
    const results = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } })
    return results.violations.flatMap((v) =>
      v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' }))
    )
  })
}

const background = (page: Page): Promise<string> =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)

const LIGHT_BG = 'rgb(244, 245, 247)'
const DARK_BG = 'rgb(15, 20, 27)'

test.describe('themes', () => {
  test('the OS preference picks light or dark, and data-theme on <html> overrides it', async ({ app }) => {
    await app.emulateMedia({ colorScheme: 'light' })
    expect(await background(app)).toBe(LIGHT_BG)
    await app.emulateMedia({ colorScheme: 'dark' })
    expect(await background(app)).toBe(DARK_BG)

    await app.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'))
    expect(await background(app)).toBe(LIGHT_BG)
    await app.emulateMedia({ colorScheme: 'light' })
    await app.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'))
    expect(await background(app)).toBe(DARK_BG)
    await app.evaluate(() => document.documentElement.removeAttribute('data-theme'))
    expect(await background(app)).toBe(LIGHT_BG)
  })

  for (const scheme of ['light', 'dark'] as const) {
    test(`every text passes the contrast check in ${scheme}`, async ({ app, server }, testInfo) => {
      await app.emulateMedia({ colorScheme: scheme })
      await startDemo(server)
      const nav = app.getByRole('navigation', { name: 'Main' })

      await nav.getByRole('button', { name: /^Leads/ }).click()
      await expect(app.getByRole('table', { name: 'Leads' }).getByRole('row').nth(3)).toBeVisible()
      expect(await contrastFailures(app), 'leads').toEqual([])
      await snap(app, testInfo, `${scheme}-leads`)

      await nav.getByRole('button', { name: /^Connections/ }).click()
      await expect(app.getByTestId('connection-card').first()).toBeVisible()
      expect(await contrastFailures(app), 'connections').toEqual([])
      await snap(app, testInfo, `${scheme}-connections`)

      await app.getByRole('button', { name: 'Add a connection' }).click()
      const dialog = app.getByRole('dialog', { name: 'Add a connection' })
      await dialog.getByRole('button', { name: 'Save connection' }).click()
      await expect(dialog.getByText('Enter the API token')).toBeVisible()
      expect(await contrastFailures(app), 'connection form with errors').toEqual([])
      await snap(app, testInfo, `${scheme}-form`)
      await app.keyboard.press('Escape')

      await nav.getByRole('button', { name: /^Settings/ }).click()
      await expect(app.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
      expect(await contrastFailures(app), 'settings').toEqual([])
    })
  }
})
