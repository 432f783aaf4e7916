import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkFile, type CheckedBatch, type CheckInput } from '../../src/main/csv/import/check-file'
import { checkOnWorker } from '../../src/main/csv/import/check-thread'
import { ImportCancelled, ImportFileError } from '../../src/main/csv/import/errors'
import { recognizeSource, suggestMapping } from '../../src/main/csv/import/headers'
import { BATCH_ROWS } from '../../src/main/csv/import/pipeline'
import { compilePlan } from '../../src/main/csv/import/plan'
import { sniff } from '../../src/main/csv/import/sniff'
import { tempDir } from '../helpers/temp-dir'
import { options } from './helpers'

// The check runs on a worker thread (check-thread.ts): what it hands back must be what the same
// check gives on the calling thread, row for row, errors and problems of the file included.

let dir: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  dir = await tempDir('check-thread-')
})
afterAll(() => dir.cleanup())

const HEADER = 'Record ID,First Name,Last Name,Email,Phone Number,Lead Status,City,Country/Region,Create Date,Notes'

/** Rows of every kind the check tells apart: good, bad in each field, blank, ragged, too wide. */
function line(i: number): string {
  switch (i % 13) {
    case 1:
      return `${i},Ann,Lee,not-an-email,+44 7911 ${String(i).padStart(6, '0')},Open,London,United Kingdom,2024-01-02,`
    case 2:
      return `${i},Bo,Kim,bo${i}@example.com,12,New,Paris,France,2024-01-02,`
    case 3:
      return `${i},Cy,Ng,cy${i}@example.com,(415) 200-${String(i % 10000).padStart(4, '0')},Maybe,,United States,31/02/2024,`
    case 4:
      return ''
    case 5:
      return `${i},Di,Ox,di${i}@example.com`
    case 6:
      return `${i},Ed,Po,ed${i}@example.com,+49 30 ${String(i).padStart(7, '0')},won,Berlin,Germany,2024-03-04 10:11,"a note, with ""quotes""\nand a line",extra,cells`
    case 7:
      return `${i},Fa,Qu,FA${i % 50}@Example.com,+91 98000${String(i).padStart(5, '0')},lost,Mumbai,India,03/04/2024,`
    default:
      return `${i},Gil,Ray,gil${i}@example.com,+44 7911 ${String(i).padStart(6, '0')},In progress,London,United Kingdom,2024-01-01 00:00,`
  }
}

async function inputFor(
  text: string | Buffer,
  name: string,
  fixes: CheckInput['fixes'] = new Map()
): Promise<CheckInput> {
  const path = join(dir.path, name)
  await writeFile(path, text)
  const sniffed = await sniff(path, Buffer.byteLength(text))
  const mapping = suggestMapping(sniffed.headers, recognizeSource(sniffed.headers))
  const plan = compilePlan(sniffed.headers, mapping, options('dest', { defaultCountry: 'US' }), null)
  return { path, format: sniffed.format, headerRow: sniffed.headerRow, plan, fixes }
}

async function all(batches: AsyncGenerator<CheckedBatch>): Promise<CheckedBatch[]> {
  const out: CheckedBatch[] = []
  for await (const batch of batches) out.push(batch)
  return out
}

async function failure(batches: AsyncGenerator<CheckedBatch>): Promise<unknown> {
  try {
    await all(batches)
  } catch (err) {
    return err
  }
  throw new Error('expected the check to fail')
}

describe('the check on a worker thread', () => {
  it('hands back the batches the check gives in place: rows, values, keys, errors, fixes, counts', async () => {
    const rows = Array.from({ length: 4345 }, (_, i) => line(i + 1))
    // A fix on a row with a bad e-mail and on a blank line; a quote never closed in the last row.
    const fixes = new Map([
      [3, new Map([[3, 'fixed@example.com']])],
      [6, new Map([[0, 'typed on a blank line']])]
    ])
    const input = await inputFor(`${HEADER}\n${rows.join('\n')}\n9999,Hal,"Unclosed,x@y.io\n`, 'mixed.csv', fixes)
    const here = await all(checkFile(input))
    const there = await all(checkOnWorker(input, new AbortController().signal))
    expect(there).toEqual(here)
    // The file has every kind of row the comparison should cover.
    const checked = here.flatMap((b) => b.rows)
    expect(here.length).toBeGreaterThan(1)
    expect(checked.filter((r) => r.errors.length > 0).length).toBeGreaterThan(1000)
    expect(checked.find((r) => r.row === 3)?.values.email).toBe('fixed@example.com')
    expect(checked.some((r) => r.errors.some((e) => e.message.includes('quoted cell')))).toBe(true)
    expect(here.reduce((n, b) => n + b.blank, 0)).toBeGreaterThan(0)
    expect(here.reduce((n, b) => n + b.ragged, 0)).toBeGreaterThan(0)
  })

  it('fails as the check in place does, with the same error, when the file turns out unreadable', async () => {
    // Valid UTF-8 for the sniffer's sample, then a byte that is not, far past it.
    const rows = Array.from({ length: 6000 }, (_, i) => line(8 * (i + 1)))
    const text = Buffer.concat([Buffer.from(`${HEADER}\n${rows.join('\n')}\n`), Buffer.from([0x31, 0x2c, 0xff, 0x0a])])
    const input = await inputFor(text, 'broken.csv')
    const here = await failure(checkFile(input))
    const there = await failure(checkOnWorker(input, new AbortController().signal))
    expect(here).toBeInstanceOf(ImportFileError)
    expect(there).toBeInstanceOf(ImportFileError)
    expect((there as ImportFileError).problem).toBe((here as ImportFileError).problem)
    expect((there as ImportFileError).message).toBe((here as ImportFileError).message)
  })

  it('stops when cancelled between batches', async () => {
    const rows = Array.from({ length: BATCH_ROWS * 3 }, (_, i) => line(8 * (i + 1)))
    const input = await inputFor(`${HEADER}\n${rows.join('\n')}\n`, 'cancel.csv')
    const controller = new AbortController()
    let seen = 0
    const err = await failure(
      (async function* () {
        for await (const batch of checkOnWorker(input, controller.signal)) {
          seen++
          controller.abort()
          yield batch
        }
      })()
    )
    expect(err).toBeInstanceOf(ImportCancelled)
    expect(seen).toBe(1)
  })
})
