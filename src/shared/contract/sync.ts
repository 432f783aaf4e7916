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

/**
 * A connection's outbox while it pushes: sent at its start, a few times a second as edits go out,
 * and once at its end (`done`), only when the connection had edits to send.
 */
export const pushProgressSchema = z.object({
  connectionId: z.string(),
  /** Edits this push delivered so far. */
  pushed: z.number().int().min(0),
  /** Edits still waiting for the platform (being sent included; failed and conflicts not). */
  waiting: z.number().int().min(0),
  /** Edits the platform refused for good, kept with their reason until retried or discarded. */
  failed: z.number().int().min(0),
  done: z.boolean()
})
export type PushProgress = z.infer<typeof pushProgressSchema>

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
