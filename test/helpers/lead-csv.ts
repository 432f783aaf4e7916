import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { Rng } from '../../src/main/sandbox/random'

/*
 * A HubSpot-style contacts export of any size, the same for a given seed: the file the import
 * crash test and the benchmark read. Every row is valid and unique (e-mail and phone), so all of
 * them are created; ~1 in 7 has a quoted cell (a comma or a line break in the notes).
 */
export const LEAD_CSV_HEADER = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Lead Status',
  'Contact owner',
  'City',
  'Country/Region',
  'Create Date',
  'Company Name',
  'Notes'
]

const FIRST = [
  'Ana',
  'Bo',
  'Chen',
  'Dmitri',
  'Emeka',
  'Fatima',
  'Giulia',
  'Hiro',
  'Inès',
  'José',
  'Kwame',
  'Léa',
  'Zoë'
]
const LAST = ['Lima', 'Okafor', 'Müller', 'Nakamura', 'Kowalski', 'García', 'Dubois', 'Rossi', 'Singh', 'Smith']
const STATUS = ['New', 'Open', 'In progress', 'Attempted to contact', 'Connected', 'Bad timing', 'Unqualified']
const OWNERS = ['Sam Carter', 'Priya Rao', 'Tom Weber', '']
const PLACES: readonly [string, string, (n: number) => string][] = [
  ['London', 'United Kingdom', (n) => `+44 7911 ${String(n % 1_000_000).padStart(6, '0')}`],
  [
    'San Francisco',
    'United States',
    (n) => `(415) ${200 + (Math.floor(n / 10_000) % 800)}-${String(n % 10_000).padStart(4, '0')}`
  ],
  ['Mumbai', 'India', (n) => `+91 98${String(n % 100_000_000).padStart(8, '0')}`],
  ['Berlin', 'Germany', (n) => `+49 30 ${String(n % 10_000_000).padStart(7, '0')}`]
]
const COMPANIES = ['Acme, Inc.', 'Globex', 'Initech', 'Umbrella', 'Hooli', '']

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** The i-th row: unique e-mail; the phone is unique for i below a million within each country. */
export function leadRow(i: number, rng: Rng): string[] {
  const first = rng.pick(FIRST)
  const last = rng.pick(LAST)
  const [city, country, phone] = PLACES[i % PLACES.length]!
  const n = Math.floor(i / PLACES.length)
  const created = new Date(Date.UTC(2024, 0, 1) + (i % 500) * 86_400_000 + (i % 86_400) * 1000)
  const note = rng.chance(0.15) ? `Met at the fair, stand ${i % 90}.\nCall back, ask for ${first}` : ''
  return [
    String(1000 + i),
    first,
    last,
    `${first}.${last}.${i}@example.com`.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''),
    phone(n),
    rng.pick(STATUS),
    rng.pick(OWNERS),
    city,
    country,
    created.toISOString().slice(0, 16).replace('T', ' '),
    rng.pick(COMPANIES),
    note
  ]
}

export async function writeLeadCsv(path: string, rows: number, seed = 1): Promise<void> {
  const out = createWriteStream(path)
  const rng = new Rng(seed)
  let chunk = LEAD_CSV_HEADER.join(',') + '\r\n'
  for (let i = 0; i < rows; i++) {
    chunk += leadRow(i, rng).map(quote).join(',') + '\r\n'
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}
