import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

export interface Logger {
  info(message: string): void
  warn(message: string, err?: unknown): void
  error(message: string, err?: unknown): void
}

// Tokens must never reach a log: anything shaped like a bearer/x-*-token header value is masked.
const SECRET_PATTERNS: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?bearer\s+)[^\s"',}]+/gi,
  /(x-(?:bot|bp)-token["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /(token["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/-]{8,}/gi
]

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((acc, pattern) => acc.replace(pattern, '$1[redacted]'), text)
}

function format(level: string, message: string, err?: unknown): string {
  const detail = err instanceof Error ? ` ${err.stack ?? err.message}` : err === undefined ? '' : ` ${String(err)}`
  return redact(`${new Date().toISOString()} ${level} ${message}${detail}`)
}

/** Appends to `file` (the app's log) and mirrors warnings and errors to stderr. */
export function fileLogger(file: string | null, { quiet = false } = {}): Logger {
  if (file) mkdirSync(dirname(file), { recursive: true })
  const write = (level: string, message: string, err?: unknown): void => {
    const line = format(level, message, err)
    if (file) appendFileSync(file, line + '\n')
    if (!quiet && level !== 'INFO') process.stderr.write(line + '\n')
  }
  return {
    info: (message) => write('INFO', message),
    warn: (message, err) => write('WARN', message, err),
    error: (message, err) => write('ERROR', message, err)
  }
}
