/**
 * An INSERT of rows that come as one JSON array of arrays bound as one parameter, unpacked by
 * SQLite: one parameter per statement instead of one per value (the driver binds values on the JS
 * thread, which cost more than the inserts themselves). In the array's order, so ids follow it.
 * Each row's text is taken from json_each once (MATERIALIZED): read as json_each's `value`
 * directly, every `->>` turned the row back into text (3× the CPU of a 26-column insert, measured).
 * `bound` columns, the same for every row, are the statement's next parameters (?2, ?3, …), not
 * in the rows. `WHERE true` lets an `ON CONFLICT` clause follow (SQLite's parser needs it after a SELECT).
 */
export function insertFromJsonRows(
  table: string,
  columns: readonly string[],
  onConflict = '',
  bound: readonly string[] = []
): string {
  const values = [...columns.map((_, i) => `v ->> ${i}`), ...bound.map((_, i) => `?${i + 2}`)]
  return `WITH batch AS MATERIALIZED (SELECT key, value AS v FROM json_each(?1))
  INSERT INTO ${table} (${[...columns, ...bound].join(', ')})
  SELECT ${values.join(', ')} FROM batch WHERE true ORDER BY key
  ${onConflict}`
}
