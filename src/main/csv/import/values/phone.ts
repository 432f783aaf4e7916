import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

export interface PhoneValue {
  /** The national number, digits only ("7700900123"). */
  phone: string
  /** The country calling code without '+' ("44"): the platforms keep it apart from the number. */
  prefix: string
}

const SEPARATORS = /[ \-().+]/g

/**
 * The key two phone numbers are compared by: dial code + number, digits only, leading zeros of the
 * number dropped; a number written with its own '+' stands alone. Mirrors the expression of the
 * leads_by_phone_key index (migration 13) character for character, so lookups can use it.
 */
export function phoneKey(phone: string | null | undefined, prefix: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null
  if (phone.replace(/^ +/, '').startsWith('+')) return phone.replace(SEPARATORS, '')
  return (prefix ?? '').replace(SEPARATORS, '') + phone.replace(SEPARATORS, '').replace(/^0+/, '')
}

/** Keys shorter than this say too little to call two leads the same person. */
export const MIN_PHONE_KEY = 6

let countryNamesMemo: Map<string, CountryCode> | null = null
/** Built on first use (an import), not when the app starts: ~250 Intl.DisplayNames lookups. */
function countryNames(): Map<string, CountryCode> {
  if (countryNamesMemo) return countryNamesMemo
  const names = new Map<string, CountryCode>()
  const display = new Intl.DisplayNames(['en'], { type: 'region' })
  for (const code of getCountries()) {
    names.set(code.toLowerCase(), code)
    const name = display.of(code)
    if (name) names.set(name.toLowerCase(), code)
  }
  for (const [alias, code] of [
    ['usa', 'US'],
    ['united states of america', 'US'],
    ['uk', 'GB'],
    ['great britain', 'GB'],
    ['england', 'GB'],
    ['deutschland', 'DE'],
    ['españa', 'ES'],
    ['uae', 'AE']
  ] as const)
    names.set(alias, code)
  countryNamesMemo = names
  return names
}

/** ISO code for a country as spreadsheets write it ("DE", "Germany", "USA"), if we know it. */
export function countryCode(text: string | null | undefined): CountryCode | null {
  if (!text) return null
  return countryNames().get(text.trim().toLowerCase()) ?? null
}

export function isCountryCode(text: string): text is CountryCode {
  return countryNames().get(text.toLowerCase()) === text
}

/**
 * Parses a phone number with libphonenumber-js and splits it as the platforms store it. `prefix`
 * (a dial-code column) or `country` say where a number without '+' belongs.
 */
export function normalizePhone(
  text: string,
  prefix: string | null,
  country: CountryCode | null
): PhoneValue | { error: string } {
  if (/\d[\s]*[;,/|][\s]*[+\d(]/.test(text) && text.replace(/\D/g, '').length > 15)
    return { error: 'holds more than one phone number; keep one per cell' }
  const callingCode = prefix ? prefix.replace(/\D/g, '') : ''
  const parsed = parsePhoneNumberFromString(text, {
    defaultCountry: callingCode ? undefined : (country ?? undefined),
    defaultCallingCode: callingCode || undefined
  })
  if (!parsed) {
    if (!text.trim().startsWith('+') && !callingCode && !country)
      return { error: 'has no country code: write it as +44 … or choose a default country' }
    return { error: 'is not a phone number' }
  }
  if (!parsed.isValid()) {
    const where = parsed.country ? ` for ${parsed.country}` : ` for dial code +${parsed.countryCallingCode}`
    return { error: `is not a valid phone number${where}` }
  }
  return { phone: parsed.nationalNumber, prefix: parsed.countryCallingCode }
}
