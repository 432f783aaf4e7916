import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import type { ColumnMapping, GridRow, ImportCounts, ImportOptions, ImportPreview } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import type { ImportPlan } from './plan'
import type { Sniffed } from './sniff'
import { withFixes } from './check-file'
import { removeStaged } from './staged'
import type { CellError } from './validate'

/** A file being imported: a path on this machine (picked in the dialog, or an upload we own). */
export interface ImportFile {
  path: string
  name: string
  size: number
  /** An upload: deleted when the session ends. */
  owned: boolean
}

export type RowAction = GridRow['action']

/** A row the grid shows: one of the first rows of the file, or one with a problem. */
export interface GridEntry {
  row: number
  cells: string[]
  errors: CellError[]
  action: RowAction
  matches: number
  leadsChanged: number
}

/** Key kinds a duplicate in the file shares with an earlier row. */
export const DUPLICATE_KEYS = ['platform id', 'e-mail', 'phone'] as const

export function zeroCounts(): ImportCounts {
  return {
    rows: 0,
    create: 0,
    update: 0,
    unchanged: 0,
    skipped: 0,
    ignored: 0,
    errors: 0,
    duplicatesInFile: 0,
    blankLines: 0,
    raggedRows: 0,
    leadsUpdated: 0
  }
}

export interface Analysis {
  plan: ImportPlan
  mapping: ColumnMapping[]
  counts: ImportCounts
  grid: Map<number, GridEntry>
  /** Row → the earlier row it repeats × 4 + index into DUPLICATE_KEYS. All of them, not only those in the grid. */
  duplicates: Map<number, number>
  truncated: boolean
  warnings: string[]
  /** The checked rows, waiting on disk for the commit (staged.ts); null: the commit reads the file again. */
  staged: string | null
}

/** One open file, from the dialog to the commit. Lives in memory only: nothing of it is in the cache. */
export class ImportSession {
  readonly id = randomBytes(12).toString('base64url')
  analysis: Analysis | null = null
  /** Row → column → the value the user typed. */
  readonly fixes = new Map<number, Map<number, string>>()
  readonly skips = new Set<number>()
  running: AbortController | null = null
  lastOptions: ImportOptions | null = null
  preview: ImportPreview | null = null
  /** Where the check keeps the rows it read for the commit; null keeps none. */
  stageDir: string | null = null

  constructor(
    readonly file: ImportFile,
    public sniffed: Sniffed
  ) {}

  /** Runs one long task at a time; `imports.cancel` aborts it. */
  async exclusive<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running) throw new AppError('CONFLICT', 'This file is being read already; wait or cancel.')
    const controller = new AbortController()
    this.running = controller
    try {
      return await task(controller.signal)
    } finally {
      this.running = null
    }
  }

  /** A new analysis (or none) replaces the last; the rows the last one staged go with it. */
  async setAnalysis(next: Analysis | null): Promise<void> {
    const old = this.analysis?.staged ?? null
    this.analysis = next
    if (old !== null && old !== next?.staged) await removeStaged(old)
  }

  cellsWithFixes(row: number, cells: string[]): string[] {
    return withFixes(this.fixes, row, cells)
  }
}

export class SessionRegistry {
  private readonly sessions = new Map<string, ImportSession>()

  add(session: ImportSession): ImportSession {
    this.sessions.set(session.id, session)
    return session
  }

  get(id: string): ImportSession {
    const session = this.sessions.get(id)
    if (!session) throw new AppError('NOT_FOUND', 'That file is no longer open; open it again.')
    return session
  }

  async close(id: string): Promise<void> {
    const session = this.sessions.get(id)
    if (!session) return
    session.running?.abort(new Error('closed'))
    this.sessions.delete(id)
    await session.setAnalysis(null)
    if (session.file.owned) await rm(session.file.path, { force: true })
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)))
  }
}
