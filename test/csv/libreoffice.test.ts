import { execFile, execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportOptions } from '../../src/shared/contract'
import type { ExportColumnId } from '../../src/shared/csv/columns'
import { Database } from '../../src/main/db'
import { compileSelection } from '../../src/main/csv/selection'
import { tempDir } from '../helpers/temp-dir'
import { dbFile, exportToBuffer, hostileLeads, insertConnection, insertLeads } from './helpers'

/*
 * Opens our exports in LibreOffice Calc, headless (Debian's libreoffice-calc, installed by
 * scripts/setup.sh), with formula evaluation and special-number detection on, as a spreadsheet
 * opening a file by double-click would; converts them to flat ODS and counts the cells that hold
 * a formula. A raw export of the same leads is the control: it must show formulas, or this check
 * could not tell anything.
 */

const run = promisify(execFile)

function soffice(): string {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 })
    return 'soffice'
  } catch {
    throw new Error('LibreOffice is missing: apt-get install -y libreoffice-calc (scripts/setup.sh installs it)')
  }
}

let dir: Awaited<ReturnType<typeof tempDir>>
let db: Database
const COLUMNS: ExportColumnId[] = ['name', 'email', 'phone', 'status', 'tags', 'lastMessageText', 'attribute:plan']

beforeAll(async () => {
  dir = await tempDir('lead-manager-calc-')
  db = await Database.open(dbFile(dir.path))
  await insertConnection(db)
  await insertLeads(db, hostileLeads())
})

afterAll(async () => {
  await db.close()
  await dir.cleanup()
})

interface Sheet {
  formulas: number
  cells: { type: string | null; text: string }[][]
}

/** The cells of the first sheet of a flat ODS file: value type, text, and whether a formula made it. */
function readFods(xml: string): Sheet {
  let formulas = 0
  const rows = [...xml.matchAll(/<table:table-row\b[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(([, row]) =>
    [...row!.matchAll(/<table:table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].map(
      ([, attributes, body]) => {
        if (/\btable:formula=/.test(attributes!)) formulas++
        const text = [...(body ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map(([, p]) => p).join('\n')
        return { type: /office:value-type="([^"]+)"/.exec(attributes!)?.[1] ?? null, text }
      }
    )
  )
  return { formulas, cells: rows }
}

async function openInCalc(options: ExportOptions, name: string): Promise<Sheet> {
  const { file } = await exportToBuffer(db, { selection: compileSelection({}), columns: COLUMNS, options })
  const csv = join(dir.path, `${name}.csv`)
  await writeFile(csv, file)
  const separator = options.delimiter.charCodeAt(0)
  // Separator, quote, UTF-8, from line 1, no column types, no language, quoted fields not forced to
  // text, special numbers detected, (3 export-only tokens), evaluate formulas: as Excel opens a file.
  const filter = `CSV:${separator},34,76,1,,0,false,true,false,false,false,false,true`
  await run(
    soffice(),
    [
      `-env:UserInstallation=${pathToFileURL(join(dir.path, 'profile')).href}`,
      '--headless',
      `--infilter=${filter}`,
      '--convert-to',
      'fods',
      '--outdir',
      dir.path,
      csv
    ],
    { timeout: 150_000 }
  )
  return readFods(await readFile(join(dir.path, `${name}.fods`), 'utf8'))
}

describe('LibreOffice Calc, headless, opening our exports', { timeout: 300_000 }, () => {
  it('evaluates no formula in a guarded export, comma or semicolon, and reads every hostile value as text', async () => {
    for (const delimiter of [',', ';'] as const) {
      const sheet = await openInCalc(
        { format: 'excel', delimiter, guard: true },
        `guarded-${delimiter === ',' ? 'comma' : 'semicolon'}`
      )
      expect(sheet.formulas).toBe(0)
      const [header, ...rows] = sheet.cells
      expect(header!.slice(0, COLUMNS.length).map((c) => c.text)).toEqual([
        'Name',
        'Email',
        'Phone',
        'Status',
        'Tags',
        'Last message',
        'Attribute: plan'
      ])
      expect(rows.length).toBeGreaterThanOrEqual(hostileLeads().length)
      // Every name that is there reads as text, phone numbers and "-5" included: nothing became a number.
      const names = rows.map((row) => row[0]!).filter((cell) => cell.type !== null)
      expect(names.length).toBeGreaterThan(50)
      for (const cell of names) expect(cell.type).toBe('string')
    }
  })

  it('does evaluate formulas in a raw export of the same leads (the control)', async () => {
    const sheet = await openInCalc({ format: 'excel', delimiter: ',', guard: false }, 'raw')
    expect(sheet.formulas).toBeGreaterThan(0)
  })
})
