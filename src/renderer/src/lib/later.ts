import { createElement, lazy, useState, type ComponentType } from 'react'

const loaders: Array<() => Promise<unknown>> = []

/**
 * A component whose module is left out of the bundle the first paint waits for: it loads when
 * first rendered (suspending to the nearest Suspense), or earlier once the first rows are on
 * screen (`loadLaterParts`). Once loaded it renders at once, without suspending for a tick: a
 * screen opened by a shortcut is there when focus moves to its heading.
 */
export function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null
  let loading: Promise<ComponentType<P>> | null = null
  const once = (): Promise<ComponentType<P>> => (loading ??= load().then((component) => (loaded = component)))
  loaders.push(once)
  const Lazy = lazy(() => once().then((component) => ({ default: component })))
  return function Later(props: P) {
    // Fixed for the life of this element, so that it never changes type (and state) under it.
    const [direct] = useState(() => loaded)
    return direct ? createElement(direct, props) : createElement(Lazy, props)
  }
}

let markShown!: () => void
const shown = new Promise<void>((resolve) => (markShown = resolve))

/** The app's first render is committed: the shell calls this from its first effect. */
export function appShown(): void {
  markShown()
}

/** Resolves once the app's first render is committed (see appShown). */
export function whenAppShown(): Promise<void> {
  return shown
}

/**
 * Loads every `later` part (after the first rows are painted), one per idle moment of the page: asked
 * for all at once, the ~30 files took the renderer's thread for 30–230 ms right after the first
 * paint, when the user's first key or click (and the next frames) would wait behind them. A part
 * opened before its turn loads at once (`later`). A failure shows when the part renders.
 */
export function loadLaterParts(): void {
  const waiting = [...loaders]
  const next = (): void => {
    const load = waiting.shift()
    if (!load) return
    load().catch(() => undefined)
    whenIdle(next)
  }
  whenIdle(next)
}

/** `fn` once the page is idle (within a second at most); a timer where idle callbacks are missing. */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 1000 })
  else setTimeout(fn, 16)
}
