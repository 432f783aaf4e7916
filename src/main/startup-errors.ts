import { DatabaseTooNew } from './db/migrate'

/** The errno or SQLite code of an error, looking through wrappers (`cause`). */
function codeOf(err: unknown): string | null {
  for (let current = err, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return null
    const { code, cause } = current as { code?: unknown; cause?: unknown }
    if (typeof code === 'string') return code
    current = cause
  }
  return null
}

const IN_OTHER_FOLDER = 'or start Lead Manager with another folder (--data-dir, or the LEADS_DATA_DIR variable).'

/**
 * Why Lead Manager could not start, in words the user can act on: shown in a dialog (Electron) or
 * printed (browser mode). The raw error belongs in the log and on stderr, not here.
 */
export function describeStartupError(err: unknown, dataDir: string): string {
  if (err instanceof DatabaseTooNew) return `${err.message} (Data folder: ${dataDir})`
  const code = codeOf(err)
  const hint = code ? ` (${code.replace(/^SQLITE_/, 'database: ').toLowerCase()})` : ''
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `Lead Manager is not allowed to read or write its data folder ${dataDir}. Give your user access to it, ${IN_OTHER_FOLDER}`
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return `The disk that holds ${dataDir} is full. Free some space on it, then start Lead Manager again.`
    case 'EROFS':
    case 'SQLITE_READONLY':
      return `The data folder ${dataDir} cannot be written (a read-only disk or file). Make it writable, ${IN_OTHER_FOLDER}`
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return (
        `The database in ${dataDir} is damaged, or is not a Lead Manager database. Move leads.sqlite out of that ` +
        'folder (Lead Manager then starts empty and syncs your leads again; edits not yet sent are in the moved file), ' +
        'or put back a copy from a backup.'
      )
    case 'EEXIST':
    case 'ENOTDIR':
      return `${dataDir} is not a folder Lead Manager can use: a file is in the way. Move that file, ${IN_OTHER_FOLDER}`
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `Another program holds the database in ${dataDir} locked; perhaps Lead Manager is already running. Close it, then start again.`
    case 'SQLITE_CANTOPEN':
    case 'ENOENT':
      return `Lead Manager cannot open its database in ${dataDir}. Check that the folder exists and that your user may write to it, ${IN_OTHER_FOLDER}`
    case 'EIO':
    case 'SQLITE_IOERR':
      return `The disk that holds ${dataDir} reported an error while Lead Manager read or wrote it${hint}. Check the disk, then start again.`
  }
  const said = err instanceof Error ? err.message.split('\n')[0] : String(err)
  return `Lead Manager could not start: ${said}${hint}`
}
