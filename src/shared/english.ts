/**
 * The few English ('en') formats the first screen shows, written out rather than asked of `Intl`:
 * the page's first `Intl` object loads ICU's data, 50–110 ms of the renderer's thread on this
 * machine kind, and the first screen (counts, the table's dates, "synced 3 minutes ago") would pay
 * it before its first rows are painted. Each matches `Intl`'s output for the same options (a test
 * compares them); `Intl` stays for the user's own locale (formatDateTime), used when first needed.
 */

/** `Intl.NumberFormat('en').format(n)` for a safe integer: "1,204,000". */
export function groupDigits(n: number): string | null {
  if (!Number.isSafeInteger(n)) return null
  const digits = String(Math.abs(n))
  let out = ''
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end)
    out = out ? `${part},${out}` : part
  }
  return n < 0 ? `-${out}` : out
}

export type RelativeUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second'

/** The words `numeric: 'auto'` uses for -1, 0 and 1 of a unit. */
const NAMED: Record<RelativeUnit, [string, string, string]> = {
  year: ['last year', 'this year', 'next year'],
  month: ['last month', 'this month', 'next month'],
  week: ['last week', 'this week', 'next week'],
  day: ['yesterday', 'today', 'tomorrow'],
  hour: ['1 hour ago', 'this hour', 'in 1 hour'],
  minute: ['1 minute ago', 'this minute', 'in 1 minute'],
  second: ['1 second ago', 'now', 'in 1 second']
}

/** `new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(value, unit)` for an integer `value`. */
export function relativeTime(value: number, unit: RelativeUnit): string {
  if (value === -1 || value === 0 || value === 1) return NAMED[unit][value + 1]!
  // -1, 0 and 1 are named above: every other amount takes the plural.
  const words = `${groupDigits(Math.abs(value)) ?? String(Math.abs(value))} ${unit}s`
  return value < 0 ? `${words} ago` : `in ${words}`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' })` in local time: "Mar 4, 2025". */
export function shortDate(time: number): string {
  const date = new Date(time)
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`
}
