import { useLayoutEffect, useState, type RefObject } from 'react'

/**
 * Browsers cap an element's height (Chromium near 33.5 million px, Firefox near 17.9 million):
 * a million 44 px rows do not fit. Past MAX_PX the scroll area stays MAX_PX tall and its scroll
 * position maps onto the rows proportionally; the rows in view still move one pixel per pixel.
 */
const MAX_PX = 8_000_000
/** Rows rendered beyond each edge of the view, so a short scroll shows rows already there. */
const OVERSCAN = 8
/** Until the scroll area has been laid out, the view is taken to be this tall. */
const FIRST_VIEWPORT_PX = 600

/** Real scroll position × scale = virtual offset. 1 when everything fits. */
function scaleOf(virtualHeight: number, viewport: number): number {
  return virtualHeight > MAX_PX ? (virtualHeight - viewport) / (MAX_PX - viewport) : 1
}

export interface WindowRow {
  index: number
  /** Where the row starts, in virtual pixels from the top of the list. */
  start: number
}

export interface ScaledVirtualizer {
  /** The rows to render: those in view and a few either side. */
  items: WindowRow[]
  /** Height of the scroll content, in real pixels. */
  height: number
  /** Where a virtual row starting at `start` goes, in real pixels from the top of the content. */
  top(start: number): number
  /** Where the view starts now, in virtual pixels. */
  scrollOffset(): number
  /** Scrolls so the view starts at `offset` virtual pixels. */
  scrollToOffset(offset: number): void
}

interface View {
  scrollTop: number
  viewport: number
}

/**
 * The rows of a list of `count` rows of `rowHeight` px that the scroll area `scrollRef` shows.
 * Rows all have one height, so the window is arithmetic: nothing is kept per row, and a million
 * rows cost what a hundred do (a general virtualizer built a measurement per row, ~40 ms at a
 * million, on every change of the count).
 */
export function useScaledVirtualizer(
  scrollRef: RefObject<HTMLDivElement | null>,
  count: number,
  rowHeight: number
): ScaledVirtualizer {
  const [view, setView] = useState<View>({ scrollTop: 0, viewport: FIRST_VIEWPORT_PX })
  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const read = (): void =>
      setView((was) =>
        was.scrollTop === element.scrollTop && was.viewport === element.clientHeight
          ? was
          : { scrollTop: element.scrollTop, viewport: element.clientHeight }
      )
    read()
    element.addEventListener('scroll', read, { passive: true })
    const resizes = new ResizeObserver(read)
    resizes.observe(element)
    return () => {
      element.removeEventListener('scroll', read)
      resizes.disconnect()
    }
  }, [scrollRef])

  const virtualHeight = count * rowHeight
  const scale = scaleOf(virtualHeight, view.viewport)
  const offset = view.scrollTop * scale
  const first = Math.max(0, Math.floor(offset / rowHeight) - OVERSCAN)
  const last = Math.min(count - 1, Math.ceil((offset + view.viewport) / rowHeight) + OVERSCAN)
  const items: WindowRow[] = []
  for (let index = first; index <= last; index++) items.push({ index, start: index * rowHeight })

  // Read from the element when called (a key press), not from the last render: the count may have
  // grown since, and with it the scale.
  const scaleNow = (element: HTMLDivElement): number => scaleOf(count * rowHeight, element.clientHeight)
  return {
    items,
    height: Math.min(virtualHeight, MAX_PX),
    top: (start) => {
      const realTop = scrollRef.current?.scrollTop ?? 0
      return scale === 1 ? start : realTop + (start - realTop * scale)
    },
    scrollOffset: () => {
      const element = scrollRef.current
      return element ? element.scrollTop * scaleNow(element) : 0
    },
    scrollToOffset: (to) => {
      const element = scrollRef.current
      element?.scrollTo({ top: to / scaleNow(element) })
    }
  }
}
