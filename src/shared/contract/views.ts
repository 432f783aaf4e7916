import { z } from 'zod'
import { method } from './define'
import { nonEmptyShort, ok, shortText } from './primitives'
import { leadQuerySchema } from './query'

/**
 * A saved view: a name and a LeadQuery (filters, search, sort, columns). Views the user saved
 * can be renamed, duplicated, deleted and reordered; each connection also has a view of its own
 * that appears by itself (`kind: 'connection'`), which can be duplicated into a saved one.
 */
export const viewSchema = z.object({
  id: z.string(),
  kind: z.enum(['saved', 'connection']),
  name: z.string(),
  query: leadQuerySchema,
  connectionId: z.string().nullable()
})
export type View = z.infer<typeof viewSchema>

const viewId = shortText.min(1)

export const viewMethods = {
  'views.list': method(
    'Saved views in the user’s order, then one per connection.',
    z.object({}).strict(),
    z.array(viewSchema)
  ),
  'views.create': method(
    'Save a query as a view.',
    z.object({ name: nonEmptyShort, query: leadQuerySchema }).strict(),
    viewSchema
  ),
  'views.update': method(
    'Rename a saved view or replace its query.',
    z.object({ id: viewId, name: nonEmptyShort.optional(), query: leadQuerySchema.optional() }).strict(),
    viewSchema
  ),
  'views.duplicate': method(
    'Copy a view (saved or a connection’s) into a new saved view.',
    z.object({ id: viewId, name: nonEmptyShort.optional() }).strict(),
    viewSchema
  ),
  'views.delete': method('Delete a saved view.', z.object({ id: viewId }).strict(), ok),
  'views.reorder': method(
    'Put saved views in this order (ids of saved views, first to last).',
    z.object({ ids: z.array(viewId).max(500) }).strict(),
    ok
  ),
  'views.counts': method(
    'How many leads each view holds now, for the sidebar.',
    z.object({}).strict(),
    z.array(z.object({ id: z.string(), count: z.number().int() }))
  )
}
