import { lazy, type ComponentType, type LazyExoticComponent } from 'react'

const loaders: Array<() => Promise<unknown>> = []

/**
 * A component whose module is left out of the bundle the first paint waits for: it loads when
 * first rendered, or earlier once the first rows are on screen (`loadLaterParts`), so opening it
 * later does not wait for its file.
 */
export function later<P extends object>(load: () => Promise<ComponentType<P>>): LazyExoticComponent<ComponentType<P>> {
  let loading: Promise<ComponentType<P>> | null = null
  const once = (): Promise<ComponentType<P>> => (loading ??= load())
  loaders.push(once)
  return lazy(() => once().then((component) => ({ default: component })))
}

/** Loads every `later` part now (after the first rows are painted); a failure shows when it renders. */
export function loadLaterParts(): void {
  for (const load of loaders) load().catch(() => undefined)
}
