import { LIMITS, type ColumnMapping, type ImportField, type ImportOptions } from '../../../shared/contract'
import { AppError } from '../../../shared/contract/errors'
import type { DayOrder } from './values/dates'

/** A mapping compiled for the row loop: where each field comes from. */
export interface ImportPlan {
  headers: readonly string[]
  /** The first column mapped to each field (a field is read from one column). */
  field: Partial<Record<ImportField, number>>
  /** Columns kept as custom attributes, named after their header. */
  attributes: readonly { column: number; key: string }[]
  /** Every mapped column, in column order: what the grid shows. */
  shown: readonly number[]
  options: ImportOptions
  dayOrder: DayOrder
}

export function compilePlan(
  headers: readonly string[],
  mapping: readonly ColumnMapping[],
  options: ImportOptions,
  sampleOrder: DayOrder | null
): ImportPlan {
  const field: Partial<Record<ImportField, number>> = {}
  const attributes: { column: number; key: string }[] = []
  const shown: number[] = []
  const seen = new Set<number>()
  for (const { column, target } of [...mapping].sort((a, b) => a.column - b.column)) {
    if (column >= headers.length) throw new AppError('INVALID_INPUT', `Column ${column + 1} is not in the file.`)
    if (seen.has(column)) throw new AppError('INVALID_INPUT', `Column ${column + 1} is mapped twice.`)
    seen.add(column)
    if (target === 'ignore') continue
    shown.push(column)
    if (target === 'attribute') {
      // "Attribute: plan" is how our export names the column of attribute "plan".
      const header = (headers[column] ?? `Column ${column + 1}`).replace(/^Attribute: (?=.)/, '')
      attributes.push({ column, key: header.trim().slice(0, LIMITS.shortText) })
    } else if (field[target] !== undefined) {
      throw new AppError(
        'INVALID_INPUT',
        `"${headers[column]}" and "${headers[field[target]]}" are both mapped to ${target}: map one of them.`
      )
    } else field[target] = column
  }
  if (shown.length === 0) throw new AppError('INVALID_INPUT', 'No column is mapped to a lead field.')
  const keys = ['remoteId', 'email', 'phone', 'name', 'firstName', 'lastName'] as const
  if (!keys.some((k) => field[k] !== undefined) && options.mode !== 'update') {
    throw new AppError('INVALID_INPUT', 'Map at least a name, an e-mail or a phone column: a lead needs one of them.')
  }
  const dayOrder: DayOrder = options.dateOrder === 'auto' ? (sampleOrder ?? 'month-first') : options.dateOrder
  return { headers, field, attributes, shown, options, dayOrder }
}
