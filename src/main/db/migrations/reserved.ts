import type { Migration } from '../migrate'

/*
 * Versions other work branches have reserved (outbox 4, boundary 5, workspace 6-9, bench 10,
 * csv-export 11). migrate() wants 1..n without gaps, so until each real migration lands, an empty
 * one holds its number. Delete a placeholder when its real migration is merged in.
 */
const RESERVED: readonly { version: number; name: string }[] = [
  { version: 4, name: 'reserved: outbox' },
  { version: 5, name: 'reserved: boundary' },
  { version: 6, name: 'reserved: workspace' },
  { version: 7, name: 'reserved: workspace' },
  { version: 8, name: 'reserved: workspace' },
  { version: 9, name: 'reserved: workspace' },
  { version: 10, name: 'reserved: bench' },
  { version: 11, name: 'reserved: csv-export' }
]

export const reservedMigrations: readonly Migration[] = RESERVED.map((r) => ({ ...r, up: '' }))
