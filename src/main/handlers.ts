import type { Handlers } from '../shared/contract'
import type { AppContext } from './app-context'
import { appHandlers } from './app/handlers'
import { connectionHandlers } from './connections/handlers'
import { importHandlers } from './csv/import/handlers'
import { demoHandlers } from './demo/handlers'
import { leadHandlers } from './leads/handlers'
import { syncHandlers } from './sync/handlers'

/** Every domain's handler map, merged; the compiler checks that no contract method is missing. */
export function buildHandlers(ctx: AppContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...connectionHandlers(ctx),
    ...syncHandlers(ctx),
    ...leadHandlers(ctx),
    ...demoHandlers(ctx),
    ...importHandlers(ctx)
  }
}
