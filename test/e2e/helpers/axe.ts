import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { ROOT } from '../fixtures'

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

export interface Violation {
  id: string
  impact: string
  nodes: string[]
}

/** axe-core over the whole page (evaluated outside the page's CSP); serious and critical only. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE)
  return page.evaluate(async () => {
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[]
    }
    const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<AxeResults> } }).axe
    const results = await axe.run(document)
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.map((n) => n.target.join(' ')) }))
  })
}
