import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import { useMemo, type RefObject } from 'react'

/**
 * Browsers cap an element's height (Chromium near 33.5 million px, Firefox near 17.9 million):
 * a million 44 px rows do not fit. Past MAX_PX the scroll area stays MAX_PX tall and its scroll
 * position maps onto the rows proportionally; the rows in view still move one pixel per pixel.
 */
const MAX_PX = 8_000_000

/** Real scroll position × scale = virtual offset. 1 when everything fits. */
function scaleOf(virtualHeight: number, viewport: number): number {
  return virtualHeight > MAX_PX ? (virtualHeight - viewport) / (MAX_PX - viewport) : 1
}

export interface ScaledVirtualizer {
  virtualizer: Virtualizer<HTMLDivElement, Element>
  /** Height of the scroll content, in real pixels. */
  height: number
  /** Where a virtual row starting at `start` goes, in real pixels from the top of the content. */
  top(start: number): number
}

export function useScaledVirtualizer(
  scrollRef: RefObject<HTMLDivElement | null>,
  count: number,
  rowHeight: number
): ScaledVirtualizer {
  const virtualHeight = count * rowHeight
  const viewport = scrollRef.current?.clientHeight ?? 600
  const scale = scaleOf(virtualHeight, viewport)
  const height = virtualHeight > MAX_PX ? MAX_PX : virtualHeight
  // The React Compiler cannot memoize around useVirtualizer; this app does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, Element>({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    observeElementOffset: (instance, callback) => {
      const element = instance.scrollElement
      if (!element) return
      let idle: ReturnType<typeof setTimeout> | undefined
      // The scale of now, not of the render that subscribed: the count grows from the first page's
      // rows to the total once it is counted, and a stale scale of 1 put End a million rows short.
      const offset = (): number => element.scrollTop * scaleOf(instance.options.count * rowHeight, element.clientHeight)
      const handler = (): void => {
        callback(offset(), true)
        clearTimeout(idle)
        idle = setTimeout(() => callback(offset(), false), 150)
      }
      handler()
      element.addEventListener('scroll', handler, { passive: true })
      return () => {
        clearTimeout(idle)
        element.removeEventListener('scroll', handler)
      }
    },
    scrollToFn: (offset, { behavior }, instance) => {
      instance.scrollElement?.scrollTo({ top: offset / scale, behavior })
    }
  })
  return useMemo(
    () => ({
      virtualizer,
      height,
      top: (start: number) => {
        const element = scrollRef.current
        const realTop = element?.scrollTop ?? 0
        return scale === 1 ? start : realTop + (start - realTop * scale)
      }
    }),
    [virtualizer, height, scale, scrollRef]
  )
}
