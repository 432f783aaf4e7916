import { appendFileSync, chmodSync, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { errorCode } from './error-fields'
import { makePrivateDir } from './private-files'

export interface Logger {
  info(message: string): void
  warn(message: string, err?: unknown): void
  error(message: string, err?: unknown): void
}

// Tokens must never reach a log: anything shaped like a bearer/x-*-token header value is masked.
const SECRET_PATTERNS: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?bearer\s+)[^\s"',}]+/gi,
  /(x-(?:bot|bp)-token["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /(token["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/-]{8,}/gi,
  /\b(Bearer\s+)(?!\[)[^\s"',;)]+/gi
]

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((acc, pattern) => acc.replace(pattern, '$1[redacted]'), text)
}

function format(level: string, message: string, err?: unknown): string {
  let detail: string
  try {
    detail = err instanceof Error ? ` ${err.stack ?? err.message}` : err === undefined ? '' : ` ${String(err)}`
  } catch {
    detail = ' (an error that cannot be printed)'
  }
  return redact(`${new Date().toISOString()} ${level} ${message}${detail}`)
}

export interface FileLogger extends Logger {
  /** Lines the log file could not take (they went to stderr instead). */
  readonly failures: number
}

function toStderr(line: string): void {
  try {
    process.stderr.write(line + '\n')
  } catch {
    // Nowhere left to write: dropping the line is all a logger can do.
  }
}

/**
 * Appends to `file` (the app's log) and mirrors warnings and errors to stderr. Never throws: a log
 * that cannot grow (disk full, a directory in its place) must not turn into the caller's failure,
 * so such lines are counted and written to stderr, and the file is tried again on the next line.
 */
export function fileLogger(file: string | null, { quiet = false } = {}): FileLogger {
  let failures = 0
  let failing = false
  if (file) {
    try {
      makePrivateDir(dirname(file))
      if (existsSync(file)) chmodSync(file, 0o600)
    } catch {
      // Reported by the first line that cannot be written.
    }
  }
  const write = (level: string, message: string, err?: unknown): void => {
    const line = format(level, message, err)
    let mirror = !quiet && level !== 'INFO'
    if (file) {
      try {
        appendFileSync(file, line + '\n', { mode: 0o600 })
        failing = false
      } catch (writeError) {
        failures++
        if (!failing) {
          const code = errorCode(writeError) ?? String(writeError)
          toStderr(
            redact(
              `${new Date().toISOString()} WARN the log file ${file} cannot be written (${code}); logging to stderr`
            )
          )
        }
        failing = true
        mirror = true
      }
    }
    if (mirror) toStderr(line)
  }
  return {
    get failures() {
      return failures
    },
    info: (message) => write('INFO', message),
    warn: (message, err) => write('WARN', message, err),
    error: (message, err) => write('ERROR', message, err)
  }
}
