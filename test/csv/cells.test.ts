import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import {
  encodeCell,
  encodeRow,
  excelDateTime,
  isFormulaLike,
  unguardCell,
  type CellOptions
} from '../../src/shared/csv/cells'
import { HOSTILE, megabyteNote } from './corpus'

const GUARDED: CellOptions = { delimiter: ',', guard: true }
const RAW: CellOptions = { delimiter: ',', guard: false }

const bytes = (text: string): string => Buffer.from(text, 'utf8').toString('hex')

describe('the cell encoder on hostile values', () => {
  it('ends a cell at a NUL character, as SQLite’s printf does (spreadsheets cannot hold one)', () => {
    expect(bytes(encodeCell('ab\0cd"e', GUARDED))).toBe(bytes('"ab"'))
    expect(bytes(encodeCell('\0=1+1', GUARDED))).toBe(bytes(''))
    expect(bytes(encodeCell('=1\0+1', GUARDED))).toBe(bytes(`"'=1"`))
    expect(bytes(encodeCell('  \0=1', GUARDED))).toBe(bytes('"  "'))
  })

  it.each(HOSTILE)('$label: the exact bytes, guarded and raw', ({ value, guarded, raw }) => {
    expect(bytes(encodeCell(value, GUARDED))).toBe(bytes(guarded))
    expect(bytes(encodeCell(value, RAW))).toBe(bytes(raw))
  })

  it.each(HOSTILE.filter((h) => h.value !== null))('$label: reads back exactly (papaparse, then unguard)', (h) => {
    for (const options of [GUARDED, RAW]) {
      const line = encodeRow(['before', h.value, 'after'], options)
      const parsed = Papa.parse<string[]>(line, { delimiter: ',', newline: '\r\n' })
      expect(parsed.errors).toEqual([])
      expect(parsed.data).toHaveLength(1)
      expect(parsed.data[0]!.map(unguardCell)).toEqual(['before', h.value, 'after'])
    }
  })

  it('leaves no guarded cell a spreadsheet would run: every one starts with the apostrophe', () => {
    for (const h of HOSTILE) {
      if (h.value === null) continue
      const [, cell] = Papa.parse<string[]>(`x,${encodeCell(h.value, GUARDED)}`, { delimiter: ',' }).data[0]!
      expect(isFormulaLike(cell!), h.label).toBe(false)
    }
  })

  it('catches what papaparse 5.7.1 escapeFormulae misses: multi-line cells, a leading LF, leading spaces', () => {
    const missed = ['=1+1\nsecond line', '\n=1+1', '  =1+1', '\uFF1D1+1']
    const theirs = Papa.unparse([missed], { escapeFormulae: true, newline: '\n' })
    const ours = encodeRow(missed, GUARDED)
    // Theirs: every one of these reaches the spreadsheet unguarded.
    expect(theirs).toBe('"=1+1\nsecond line","\n=1+1","  =1+1",\uFF1D1+1')
    expect(ours).toBe(`"'=1+1\nsecond line","'\n=1+1","'  =1+1","'\uFF1D1+1"`)
  })

  it('quotes every value, so no delimiter, quote or line break inside can split it', () => {
    expect(encodeRow(['a,b', 'a;b', 'a\tb'], { delimiter: ',', guard: true })).toBe('"a,b","a;b","a\tb"')
    expect(encodeRow(['a,b', 'a;b', 'a\tb'], { delimiter: ';', guard: true })).toBe('"a,b";"a;b";"a\tb"')
    expect(encodeRow(['a,b', 'a;b', 'a\tb'], { delimiter: '\t', guard: true })).toBe('"a,b"\t"a;b"\t"a\tb"')
    // A tab is also a trigger when it comes first.
    expect(encodeRow(['\tx'], { delimiter: '\t', guard: false })).toBe('"\tx"')
    expect(encodeRow(['\tx'], { delimiter: '\t', guard: true })).toBe(`"'\tx"`)
  })

  it('writes a megabyte of notes as one quoted, guarded cell', () => {
    const note = megabyteNote()
    expect(note.length).toBe(2 ** 20)
    const cell = encodeCell(note, GUARDED)
    expect(cell).toBe(`"'${note.replace(/"/g, '""')}"`)
    expect(unguardCell(Papa.parse<string[]>(cell, { delimiter: ',' }).data[0]![0]!)).toBe(note)
  })

  it('writes numbers as quoted digits, and null or empty as nothing', () => {
    expect(encodeRow([42, 0, null, undefined, ''], GUARDED)).toBe('"42","0",,,')
  })
})

describe('Excel dates', () => {
  it('are local wall-clock time, seconds truncated, empty when missing or not a date', () => {
    const previous = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(excelDateTime('2024-03-10T06:59:59.999Z')).toBe('2024-03-10 01:59:59')
      expect(excelDateTime('2024-03-10T07:00:00.000Z')).toBe('2024-03-10 03:00:00') // DST starts
      expect(excelDateTime('2024-12-31T23:30:00.000Z')).toBe('2024-12-31 18:30:00')
      expect(excelDateTime(null)).toBe('')
      expect(excelDateTime('not a date')).toBe('')
    } finally {
      if (previous === undefined) delete process.env.TZ
      else process.env.TZ = previous
    }
  })
})
