import type { Platform } from '../../shared/contract/model'

/** One write the sandbox applied, so a test can check an edit reached the platform exactly once. */
export interface WriteLogEntry {
  platform: Platform
  method: string
  /** Path below the platform prefix, e.g. `/inbox/direct/lead`. */
  path: string
  body: unknown
  at: string
}

export class WriteLog {
  private entries: WriteLogEntry[] = []

  add(entry: WriteLogEntry): void {
    this.entries.push(entry)
  }

  list(platform?: Platform): WriteLogEntry[] {
    return platform === undefined ? [...this.entries] : this.entries.filter((entry) => entry.platform === platform)
  }

  clear(): void {
    this.entries = []
  }
}
