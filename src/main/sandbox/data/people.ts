import { Rng, hash32 } from '../random'
import {
  COUNTRIES,
  EMAIL_DOMAINS,
  EMOJI_NAMES,
  FAMILY_FIRST,
  FIRST_NAMES,
  FORMULAS,
  LAST_NAMES,
  type Country,
  type Script
} from './pools'

/**
 * A person is a pure function of (seed, personKey). Platforms that share a person key show the same
 * name, email and phone: the "same lead at two providers" case the app must deduplicate or not.
 */
export interface Person {
  name: string | null
  email: string | null
  /** National number as the user typed it, without the dial code. */
  phone: string | null
  dial: string | null
  country: Country
  city: string
  gender: 'MALE' | 'FEMALE' | 'OTHER' | null
}

const PERSON_STREAM = 0x9e0b1e

export function personKey(space: number, index: number): number {
  return hash32(space, index)
}

export function person(seed: number, key: number): Person {
  const rng = new Rng(hash32(seed, PERSON_STREAM, key))
  const country = rng.pick(COUNTRIES)
  const script = rng.pick(country.scripts)
  const latinFirst = rng.pick(FIRST_NAMES.latin)
  const latinLast = rng.pick(LAST_NAMES.latin)
  const name = pickName(rng, script, latinFirst, latinLast)
  return {
    name,
    // Names in other scripts get handle-style addresses, as people usually pick.
    email: rng.chance(0.85)
      ? script === 'latin'
        ? email(rng, latinFirst, latinLast)
        : email(rng, 'user', rng.hex(6))
      : null,
    phone: rng.chance(0.8) ? phoneNumber(rng) : null,
    dial: country.dial,
    country,
    city: rng.pick(country.cities),
    gender: rng.chance(0.7) ? rng.pick(['MALE', 'FEMALE', 'OTHER'] as const) : null
  }
}

function pickName(rng: Rng, script: Script, latinFirst: string, latinLast: string): string | null {
  const roll = rng.next()
  if (roll < 0.05) return null
  if (roll < 0.09) return rng.pick(FORMULAS)
  if (roll < 0.13) return rng.pick(EMOJI_NAMES)
  if (roll < 0.15) return '   ' + latinFirst + '  ' // stray whitespace, as typed into a widget
  if (script === 'latin') return `${latinFirst} ${latinLast}`
  const first = rng.pick(FIRST_NAMES[script])
  const last = rng.pick(LAST_NAMES[script])
  if (FAMILY_FIRST.has(script)) return `${last}${first}`
  return `${first} ${last}`
}

function email(rng: Rng, first: string, last: string): string {
  const local = `${ascii(first)}.${ascii(last)}`.replace(/[^a-z0-9.]/g, '') || 'user'
  const roll = rng.next()
  const domain = rng.pick(EMAIL_DOMAINS)
  if (roll < 0.1) return `${local.toUpperCase()}@${domain.toUpperCase()}`
  if (roll < 0.2) return `${local}+chat${rng.int(100)}@${domain}`
  return `${local}${rng.int(1000)}@${domain}`
}

function ascii(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/ø/g, 'o').toLowerCase()
}

function phoneNumber(rng: Rng): string {
  const roll = rng.next()
  if (roll < 0.04) return '+1 555' // a formula to a spreadsheet
  const digits = String(rng.between(2, 9)) + String(rng.int(1e9)).padStart(9, '0')
  if (roll < 0.2) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`
  if (roll < 0.3) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`
  return digits
}
