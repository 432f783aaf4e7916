export type DayOrder = 'month-first' | 'day-first'

const MONTHS = new Map<string, number>()
;[
  ['jan', 'january', 'janv', 'janvier', 'januar', 'ene', 'enero'],
  ['feb', 'february', 'févr', 'fevr', 'février', 'februar', 'febrero'],
  ['mar', 'march', 'mars', 'märz', 'marz', 'marzo'],
  ['apr', 'april', 'avr', 'avril', 'abr', 'abril'],
  ['may', 'mai', 'mayo'],
  ['jun', 'june', 'juin', 'juni', 'junio'],
  ['jul', 'july', 'juil', 'juillet', 'juli', 'julio'],
  ['aug', 'august', 'août', 'aout', 'ago', 'agosto'],
  ['sep', 'sept', 'september', 'septembre', 'septiembre'],
  ['oct', 'october', 'octobre', 'okt', 'oktober', 'octubre'],
  ['nov', 'november', 'novembre', 'noviembre'],
  ['dec', 'december', 'décembre', 'decembre', 'dez', 'dezember', 'dic', 'diciembre']
].forEach((names, month) => names.forEach((name) => MONTHS.set(name, month + 1)))

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i
const YMD_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ,]+(.+))?$/
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[T ,]+(.+))?$/
const TIME =
  /^(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([\p{L}.]+)[\s,-]+(\d{4})(?:[T ,]+(.+))?$/iu
const MONTH_NAME_DAY = /^(?:[\p{L}]+,?\s+)??([\p{L}.]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[T ,]+(.+))?$/iu

/** What a time without a zone means: UTC, or this computer's time zone (our export's Excel format). */
export type Floating = 'utc' | 'local'

function offsetMinutes(zone: string | undefined, floating: Floating, utcGuess: number): number | null {
  if (!zone) return floating === 'utc' ? 0 : -new Date(utcGuess).getTimezoneOffset()
  if (/^(z|utc|gmt)$/i.test(zone)) return 0
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!match) return null
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0)
  return match[1] === '-' ? -minutes : minutes
}

function build(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fraction = '',
  zone?: string,
  floating: Floating = 'utc'
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Math.min(ms, 999))
  const offset = offsetMinutes(zone, floating, wall)
  if (offset === null) return null
  const time = wall - offset * 60_000
  const date = new Date(time)
  // Date.UTC rolls 31 February over into March: refuse it instead.
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

function withTime(
  year: number,
  month: number,
  day: number,
  time: string | undefined,
  floating: Floating
): string | null {
  if (!time) return build(year, month, day, 0, 0, 0, '', undefined, floating)
  const t = TIME.exec(time.trim())
  if (!t) return null
  let hour = Number(t[1])
  const meridiem = t[5]?.toLowerCase().replace(/\./g, '')
  if (meridiem) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0)
  }
  return build(year, month, day, hour, Number(t[2] ?? 0), Number(t[3] ?? 0), t[4] ?? '', t[6], floating)
}

const fullYear = (text: string): number =>
  text.length === 2 ? 2000 + Number(text) - (Number(text) > 69 ? 100 : 0) : Number(text)

/**
 * ISO-8601 UTC with milliseconds for the date formats spreadsheets and CRMs write: ISO, 2025/03/04,
 * 03/04/2025 (order as `order` says, unless a part over 12 settles it), 4 Mar 2025, March 4, 2025,
 * with optional times (24 h or AM/PM, optional zone; none means UTC), Unix seconds or milliseconds,
 * and Excel serial day numbers. Null when the text is none of these.
 */
export function parseDate(text: string, order: DayOrder, floating: Floating = 'utc'): string | null {
  const value = text.trim()
  let m = ISO.exec(value)
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '', m[8], floating)
  if ((m = YMD_SLASH.exec(value))) return withTime(+m[1]!, +m[2]!, +m[3]!, m[4], floating)
  if ((m = NUMERIC.exec(value))) {
    const a = +m[1]!
    const b = +m[2]!
    const dayFirst = a > 12 ? true : b > 12 ? false : order === 'day-first'
    return withTime(fullYear(m[3]!), dayFirst ? b : a, dayFirst ? a : b, m[4], floating)
  }
  if ((m = DAY_MONTH_NAME.exec(value))) {
    const month = MONTHS.get(m[2]!.toLowerCase().replace(/\.$/, ''))
    return month ? withTime(+m[3]!, month, +m[1]!, m[4], floating) : null
  }
  if ((m = MONTH_NAME_DAY.exec(value))) {
    const month = MONTHS.get(m[1]!.toLowerCase().replace(/\.$/, ''))
    return month ? withTime(+m[3]!, month, +m[2]!, m[4], floating) : null
  }
  if (/^\d{13}$/.test(value)) return new Date(Number(value)).toISOString()
  if (/^\d{10}$/.test(value)) return new Date(Number(value) * 1000).toISOString()
  if (/^\d{5}(?:\.\d+)?$/.test(value)) {
    // Excel's serial day number (1900 system): day 25569 is 1970-01-01.
    const serial = Number(value)
    if (serial >= 20000 && serial < 80000) return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString()
  }
  return null
}

/** What a numeric date in the sample says about the order of day and month, if anything. */
export function orderEvidence(text: string): DayOrder | null {
  const m = NUMERIC.exec(text.trim())
  if (!m) return null
  if (+m[1]! > 12 && +m[2]! <= 12) return 'day-first'
  if (+m[2]! > 12 && +m[1]! <= 12) return 'month-first'
  return null
}
