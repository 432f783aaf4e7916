/**
 * An INSERT of rows that come as JSON arrays of arrays, each bound as one parameter, unpacked by
 * SQLite: one parameter per `parts` rows instead of one per value (the driver binds values on the JS
 * thread, which cost more than the inserts themselves). In the order of the parts, then of each
 * array, so ids follow it. Several parts make one statement of rows that were made ready apart,
 * without joining their texts into a new one. Each row's text is taken from json_each once
 * (MATERIALIZED): read as json_each's `value` directly, every `->>` turned the row back into text
 * (3× the CPU of a 26-column insert, measured). `bound` columns, the same for every row, are the
 * statement's next parameters (after the parts), not in the rows. `WHERE true` lets an
 * `ON CONFLICT` clause follow (SQLite's parser needs it after a SELECT).
 */
export function insertFromJsonRows(
  table: string,
  columns: readonly string[],
  onConflict = '',
  bound: readonly string[] = [],
  parts = 1
): string {
  if (!Number.isInteger(parts) || parts < 1)
    throw new Error(`insertFromJsonRows: parts must be 1 or more, got ${parts}`)
  const values = [...columns.map((_, i) => `v ->> ${i}`), ...bound.map((_, i) => `?${parts + i + 1}`)]
  const arrays = Array.from(
    { length: parts },
    (_, i) => `SELECT ${i} AS part, key, value AS v FROM json_each(?${i + 1})`
  ).join(' UNION ALL ')
  return `WITH batch AS MATERIALIZED (${arrays})
  INSERT INTO ${table} (${[...columns, ...bound].join(', ')})
  SELECT ${values.join(', ')} FROM batch WHERE true ORDER BY part, key
  ${onConflict}`
}
