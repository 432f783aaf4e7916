import { z } from 'zod'
import { method } from './define'
import { connectionStateSchema, syncProgressSchema } from './model'
import { STORAGE_ERROR_CODES } from './errors'
import { shortText } from './primitives'

export const syncStatusSchema = z.object({
  /** The machine's network: false only when no platform can be reached (or the system says so). */
  online: z.boolean(),
  /** A full disk, a locked or read-only database: what it is and what to do, until a sync succeeds. */
  storage: z.object({ code: z.enum(STORAGE_ERROR_CODES), message: z.string() }).nullable(),
  connections: z.array(
    z.object({
      connectionId: z.string(),
      state: connectionStateSchema,
      message: z.string().nullable(),
      progress: syncProgressSchema.nullable(),
      /** Edits waiting for the platform, failed ones included. */
      pendingEdits: z.number().int(),
      /** Edits the platform refused for good: retry or discard them. */
      failedEdits: z.number().int(),
      conflicts: z.number().int(),
      /** When Lead Manager tries this connection again by itself, after a failure that may pass. */
      nextRetryAt: z.string().nullable()
    })
  )
})
export type SyncStatus = z.infer<typeof syncStatusSchema>

export const syncMethods = {
  'sync.run': method(
    'Start a sync of one connection, or of all when no id is given; returns at once.',
    z.object({ connectionId: shortText.optional() }).strict(),
    z.object({ started: z.array(z.string()) })
  ),
  'sync.cancel': method(
    'Cancel a running sync of one connection, or of all.',
    z.object({ connectionId: shortText.optional() }).strict(),
    z.object({ cancelled: z.array(z.string()) })
  ),
  'sync.status': method('Sync state of every connection.', z.object({}).strict(), syncStatusSchema)
}
