import type { Handlers } from '../../shared/contract'
import type { Clock } from '../clock'
import type { Database } from '../db'
import type { EventBus } from '../events'
import { countMatching } from '../leads'
import { copyName, createView, deleteView, findView, listViews, reorderViews, updateView } from './store'

type ViewHandlers = Pick<
  Handlers,
  'views.list' | 'views.create' | 'views.update' | 'views.duplicate' | 'views.delete' | 'views.reorder' | 'views.counts'
>

export interface ViewHandlerDeps {
  db: Database
  events: EventBus
  clock: Clock
}

export function viewHandlers({ db, events, clock }: ViewHandlerDeps): ViewHandlers {
  const changed = (): void => events.emit('data.changed', { entity: 'views', connectionId: null })
  return {
    'views.list': () => listViews(db),
    'views.create': async ({ name, query }) => {
      const view = await db.write((tx) => createView(tx, name, query, clock.now()))
      changed()
      return view
    },
    'views.update': async ({ id, ...changes }) => {
      const view = await db.write((tx) => updateView(tx, id, changes, clock.now()))
      changed()
      return view
    },
    'views.duplicate': async ({ id, name }) => {
      const source = await findView(db, id)
      const copy = name ?? (await copyName(db, source.name))
      const view = await db.write((tx) => createView(tx, copy, source.query, clock.now()))
      changed()
      return view
    },
    'views.delete': async ({ id }) => {
      await db.write((tx) => deleteView(tx, id))
      changed()
      return { ok: true as const }
    },
    'views.reorder': async ({ ids }) => {
      await db.write((tx) => reorderViews(tx, ids))
      changed()
      return { ok: true as const }
    },
    // Each from the kept counts when its filters allow (most views), so the sidebar stays live.
    'views.counts': async () => {
      const views = await listViews(db)
      const counts = []
      for (const view of views) counts.push({ id: view.id, count: await countMatching(db, view.query) })
      return counts
    }
  }
}
