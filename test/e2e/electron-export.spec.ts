import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { ROOT } from './fixtures'
import { seedLeads } from './helpers/seed'

// As in electron.spec.ts: the binary's download is blocked on the build machines, so this skips there.
function electronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const mainScript = join(ROOT, 'out', 'main', 'index.js')

test.describe('CSV export in the Electron app', () => {
  test.skip(binary === null, 'No Electron binary (its download is blocked here); browser mode covers the dialog.')

  test('writes the file the native save dialog returns, and nothing when the dialog is closed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lead-manager-electron-export-'))
    const outDir = await mkdtemp(join(tmpdir(), 'lead-manager-electron-out-'))
    await seedLeads(dataDir, 500, 100)
    const app = await electron.launch({
      executablePath: binary!,
      args: ['--no-sandbox', '--disable-gpu', mainScript, '--data-dir', dataDir],
      env: { ...process.env, LEADS_VALIDATE_OUTPUT: '1' } as Record<string, string>
    })
    try {
      // The OS dialog is the one part a test cannot click: answer for it, in the main process.
      const answer = (filePath: string | null): Promise<void> =>
        app.evaluate(({ dialog }, path) => {
          dialog.showSaveDialog = (async () => ({ canceled: path === null, filePath: path ?? '' })) as never
        }, filePath)
      const window = await app.firstWindow()
      await expect(window.getByTestId('lead-total')).toHaveText('500 leads')

      await answer(null)
      await window.getByRole('button', { name: 'Export', exact: true }).click()
      const dialog = window.getByRole('dialog', { name: 'Export leads as CSV' })
      await dialog.getByRole('button', { name: 'Export 500 leads' }).click()
      await expect(dialog.getByRole('button', { name: 'Export 500 leads' })).toBeEnabled()
      expect(readdirSync(outDir)).toEqual([])

      const target = join(outDir, 'chosen name.csv')
      await answer(target)
      await dialog.getByRole('button', { name: 'Export 500 leads' }).click()
      await expect(dialog.getByRole('status')).toHaveText('Exported 500 leads, saved as chosen name.csv.')
      const lines = readFileSync(target, 'utf8').split('\r\n')
      expect(lines[0]).toBe('\uFEFF"Name","Email","Dial code","Phone","Status","Connection","Updated"')
      expect(lines).toHaveLength(1 + 500 + 1)
      expect(readdirSync(outDir)).toEqual(['chosen name.csv'])
    } finally {
      await app.close()
      await rm(dataDir, { recursive: true, force: true })
      await rm(outDir, { recursive: true, force: true })
    }
  })
})
