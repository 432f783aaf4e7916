import type { Handlers } from '../../shared/contract'
import type { AppContext } from '../app-context'
import { countMatching } from '../leads'
import { copyName, createView, deleteView, findView, listViews, reorderViews, updateView } from './store'

type ViewHandlers = Pick<
  Handlers,
  'views.list' | 'views.create' | 'views.update' | 'views.duplicate' | 'views.delete' | 'views.reorder' | 'views.counts'
>

export function viewHandlers(ctx: AppContext): ViewHandlers {
  const changed = (): void => ctx.events.emit('data.changed', { entity: 'views', connectionId: null })
  return {
    'views.list': () => listViews(ctx.db),
    'views.create': async ({ name, query }) => {
      const view = await ctx.db.write((tx) => createView(tx, name, query, ctx.now()))
      changed()
      return view
    },
    'views.update': async ({ id, ...changes }) => {
      const view = await ctx.db.write((tx) => updateView(tx, id, changes, ctx.now()))
      changed()
      return view
    },
    'views.duplicate': async ({ id, name }) => {
      const source = await findView(ctx.db, id)
      const copy = name ?? (await copyName(ctx.db, source.name))
      const view = await ctx.db.write((tx) => createView(tx, copy, source.query, ctx.now()))
      changed()
      return view
    },
    'views.delete': async ({ id }) => {
      await ctx.db.write((tx) => deleteView(tx, id))
      changed()
      return { ok: true as const }
    },
    'views.reorder': async ({ ids }) => {
      await ctx.db.write((tx) => reorderViews(tx, ids))
      changed()
      return { ok: true as const }
    },
    // Each from the kept counts when its filters allow (most views), so the sidebar stays live.
    'views.counts': async () => {
      const views = await listViews(ctx.db)
      const counts = []
      for (const view of views) counts.push({ id: view.id, count: await countMatching(ctx.db, view.query) })
      return counts
    }
  }
}
