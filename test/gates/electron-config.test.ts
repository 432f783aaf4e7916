import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The Electron configuration gate: each checker must fail on a deliberately misconfigured fixture
// and pass on src/. A gate that passes everything would pass here only on src/.

const ROOT = resolve(__dirname, '../..')
const FIXTURE = join(ROOT, 'test/fixtures/electron-misconfig')
const run = promisify(execFile)

async function checkElectron(dir?: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, 'scripts/check-electron.mjs'), ...(dir ? [dir] : [])], {
      cwd: ROOT,
      timeout: 240_000
    })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` }
  }
}

describe('electronegativity (npm run check:electron)', () => {
  it('fails on the misconfigured fixture, naming each misconfiguration', { timeout: 240_000 }, async () => {
    const { code, stdout } = await checkElectron(FIXTURE)
    expect(code, stdout).toBe(1)
    for (const check of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'OPEN_EXTERNAL_JS_CHECK',
      'INSECURE_CONTENT_JS_CHECK'
    ]) {
      expect(stdout).toMatch(new RegExp(`FAIL .*${check}`))
    }
  })

  it('passes on src/, with each allowed finding explained', { timeout: 240_000 }, async () => {
    const { code, stdout } = await checkElectron()
    expect(code, stdout).toBe(0)
    expect(stdout).toMatch(/over src: 0 finding\(s\) at MEDIUM or above/)
    for (const allowed of stdout.split('\n').filter((l) => l.startsWith('allowed'))) {
      expect(stdout.split('\n')[stdout.split('\n').indexOf(allowed) + 1]).toMatch(/why: \S/)
    }
  })
})

describe('ESLint with @microsoft/sdl', () => {
  const SDL_CORE = new Set(['no-caller', 'no-delete-var', 'no-eval', 'no-implied-eval', 'no-new-func'])
  const sdlOnly = (): ESLint =>
    new ESLint({
      cwd: ROOT,
      ruleFilter: ({ ruleId }) => ruleId.startsWith('@microsoft/sdl/') || SDL_CORE.has(ruleId)
    })
  const ruleIds = (results: ESLint.LintResult[]): string[] =>
    results.flatMap((r) => r.messages.map((m) => m.ruleId ?? m.message))

  it('fails on the fixture as if it were part of the app', { timeout: 120_000 }, async () => {
    const eslint = sdlOnly()
    const main = await eslint.lintText(await readFile(join(FIXTURE, 'main.ts'), 'utf8'), {
      filePath: join(ROOT, 'src/main/misconfigured.ts')
    })
    expect(ruleIds(main)).toContain('@microsoft/sdl/no-electron-node-integration')
    const renderer = await eslint.lintText(await readFile(join(FIXTURE, 'renderer.ts'), 'utf8'), {
      filePath: join(ROOT, 'src/renderer/src/misconfigured.ts')
    })
    expect(ruleIds(renderer)).toEqual(
      expect.arrayContaining([
        '@microsoft/sdl/no-inner-html',
        '@microsoft/sdl/no-document-write',
        '@microsoft/sdl/no-insecure-url',
        'no-eval'
      ])
    )
  })

  it('keeps the fixture out of the normal lint', async () => {
    expect(await new ESLint({ cwd: ROOT }).isPathIgnored(join(FIXTURE, 'main.ts'))).toBe(true)
  })

  it('passes on src/', { timeout: 300_000 }, async () => {
    const results = await sdlOnly().lintFiles(['src'])
    expect(results.length).toBeGreaterThan(50)
    expect(ruleIds(results.filter((r) => r.errorCount > 0))).toEqual([])
  })
})
