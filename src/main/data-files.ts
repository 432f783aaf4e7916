import { join } from 'node:path'

/** The cache's file in a data folder: every entry point opens this one. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'leads.sqlite')
}
