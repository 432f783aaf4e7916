import { AppError } from '../../../shared/contract/errors'

export type ImportFileProblem =
  'EMPTY' | 'BINARY' | 'UNDECODABLE' | 'NO_ROWS' | 'UNBALANCED_QUOTE' | 'TOO_WIDE' | 'UNREADABLE'

/** A file that cannot be imported at all, with a sentence the user can act on. Nothing is written. */
export class ImportFileError extends AppError {
  constructor(
    readonly problem: ImportFileProblem,
    message: string
  ) {
    super('INVALID_FILE', message)
    this.name = 'ImportFileError'
  }
}

export class ImportCancelled extends AppError {
  constructor(what = 'The import') {
    super('CANCELLED', `${what} was cancelled; nothing was written.`)
    this.name = 'ImportCancelled'
  }
}
