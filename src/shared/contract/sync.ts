import { z } from 'zod'
import { method } from './define'
import { connectionStateSchema, syncProgressSchema } from './model'
import { shortText } from './primitives'

export const syncStatusSchema = z.object({
  online: z.boolean(),
  connections: z.array(
    z.object({
      connectionId: z.string(),
      state: connectionStateSchema,
      message: z.string().nullable(),
      progress: syncProgressSchema.nullable(),
      pendingEdits: z.number().int(),
      conflicts: z.number().int()
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
