// YYYY-MM-DD, then optionally a time (T or space) with optional seconds, fraction and zone.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

/**
 * Any date the platforms send → ISO-8601 UTC with milliseconds (`2023-02-01T05:59:03.533Z`), or
 * null for anything else. A time without a zone is UTC. Numbers are refused: no platform documents
 * epoch values, and guessing seconds vs milliseconds would silently put dates in 1970 or 50000.
 */
const CANONICAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/

export function toIsoUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null
  // Most dates already arrive in the canonical form, and checking that is far cheaper than the
  // general path. Days 29..31 and early years still go the long way (February 30th is refused).
  if (CANONICAL.test(value) && Number(value.slice(8, 10)) <= 28 && value >= '1000') return value
  const match = DATE_TIME.exec(value.trim())
  if (!match) return null
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  // Years below 1000 are placeholders or garbage (and Date.UTC would read 0..99 as 1900..1999).
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3))
  const offset = zoneOffsetMinutes(zone)
  if (offset === null) return null
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000
  const date = new Date(epoch)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** The UTC day (`YYYY-MM-DD`) of an ISO date produced by `toIsoUtc`. */
export function utcDay(iso: string): string {
  return iso.slice(0, 10)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

function zoneOffsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0
  if (hours > 23 || minutes > 59) return null
  return sign * (hours * 60 + minutes)
}
