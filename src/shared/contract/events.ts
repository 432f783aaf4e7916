import { z } from 'zod'
import { bulkProgressSchema } from './bulk'
import { exportProgressSchema } from './csv-export'
import { importProgressSchema } from './imports'
import { connectionStateSchema, syncProgressSchema } from './model'
import { pushProgressSchema } from './sync'

/** What the main process pushes to the renderer. */
export const eventSchemas = {
  'sync.progress': syncProgressSchema,
  'push.progress': pushProgressSchema,
  'connection.state': z.object({
    connectionId: z.string(),
    state: connectionStateSchema,
    message: z.string().nullable()
  }),
  'data.changed': z.object({
    entity: z.enum(['connections', 'leads', 'outbox', 'settings', 'views', 'imports', 'bulk']),
    connectionId: z.string().nullable()
  }),
  'network.state': z.object({ online: z.boolean() }),
  'export.progress': exportProgressSchema,
  'import.progress': importProgressSchema,
  'bulk.progress': bulkProgressSchema
}
export type EventName = keyof typeof eventSchemas
export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>
