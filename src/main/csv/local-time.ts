import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Excel dates go through SQLite's 'localtime', that is the C library; glibc, while TZ is unset,
 * stats /etc/localtime on every call, which costs seconds of system time per million dates. Naming
 * the zone ICU already uses (the one JavaScript dates show) lets it load the zone once; wall-clock
 * times stay the same. Only when the zone file exists, so the two can never disagree.
 */
export function pinLocalTimeZone(): void {
  if (process.env.TZ || process.platform !== 'linux') return
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (zone && existsSync(join('/usr/share/zoneinfo', zone))) process.env.TZ = zone
}
