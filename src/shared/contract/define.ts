import type { z } from 'zod'

export interface MethodSchema<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
  /** One sentence for error messages and docs. */
  summary: string
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  summary: string,
  input: I,
  output: O
): MethodSchema<I, O> {
  return { summary, input, output }
}
