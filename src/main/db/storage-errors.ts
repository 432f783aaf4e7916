import { AppError, type StorageErrorCode } from '../../shared/contract/errors'

/**
 * A failure of the disk or the database file rather than of what was asked: said in words with what
 * to do, under its own code, so it is never mistaken for a network problem or a bug.
 */
export class StorageError extends AppError {
  constructor(
    override readonly code: StorageErrorCode,
    message: string,
    /** SQLite's own code, e.g. SQLITE_FULL, for the log. */
    readonly sqliteCode: string
  ) {
    super(code, message)
    this.name = 'StorageError'
  }
}

const RETRIES = 'Lead Manager will retry by itself; nothing already saved is lost.'

const BY_SQLITE_CODE: Record<string, { code: StorageErrorCode; message: string }> = {
  SQLITE_FULL: {
    code: 'DISK_FULL',
    message: `The disk is full, so Lead Manager cannot save changes: free some space on the disk that holds its data. ${RETRIES}`
  },
  SQLITE_BUSY: {
    code: 'DATABASE_LOCKED',
    message: `Another program is holding Lead Manager's database locked (a second copy of Lead Manager, a backup or a database tool?): close it. ${RETRIES}`
  },
  SQLITE_READONLY: {
    code: 'DATABASE_READ_ONLY',
    message: `Lead Manager's database cannot be written: the file or its folder is read-only. Give Lead Manager write access to its data folder. ${RETRIES}`
  },
  SQLITE_CORRUPT: {
    code: 'DATABASE_CORRUPT',
    message:
      "Lead Manager's database file is damaged: quit Lead Manager and restore the data folder from a backup (or remove it to start over and sync again)."
  },
  SQLITE_IOERR: {
    code: 'STORAGE_ERROR',
    message: `The disk could not read or write Lead Manager's database (a disk error): check the disk and the data folder. ${RETRIES}`
  }
}
BY_SQLITE_CODE.SQLITE_LOCKED = BY_SQLITE_CODE.SQLITE_BUSY!
BY_SQLITE_CODE.SQLITE_NOTADB = BY_SQLITE_CODE.SQLITE_CORRUPT!
BY_SQLITE_CODE.SQLITE_CANTOPEN = BY_SQLITE_CODE.SQLITE_IOERR!

/** The storage error an sqlite3 error stands for, or null for any other error (a bug, a constraint). */
export function asStorageError(err: unknown): StorageError | null {
  if (err instanceof StorageError) return err
  const sqliteCode = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  if (typeof sqliteCode !== 'string') return null
  const known = BY_SQLITE_CODE[sqliteCode]
  return known ? new StorageError(known.code, known.message, sqliteCode) : null
}

export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError
}
