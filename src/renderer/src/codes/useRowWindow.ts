import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { rowsInView, sameRange, topToShowRow, type RowRange } from '../lib/list-layout'

/** Where the list starts inside the scroller's content (the scroller's padding above it). */
function listOffset(scroller: HTMLElement, list: HTMLElement): number {
  return (
    list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop
  )
}

/** The list's scroll position (from its first row) and the view's height, in pixels. */
type View = { top: number; height: number }

export type RowWindow = {
  /** The rows to render: those in view plus overscan. */
  range: RowRange
  /** Scrolls as little as needed to show row `index` whole. */
  scrollToRow: (index: number) => void
}

/**
 * The virtual window over a list of `count` rows of one height (ROW_HEIGHT) inside the
 * scroll element `scrollRef`, whose list element `listRef` may sit below some padding.
 * Every row has the same height, so which rows to render is arithmetic (lib/list-layout):
 * no general-purpose virtualizer, no measuring of rows, and nothing but a scroll listener
 * and a ResizeObserver at run time.
 *
 * The first render assumes the list fills the window's height, so the first screen's rows
 * are rendered at once rather than after a measurement; the real height is read before the
 * first paint. A scroll re-renders only when the range of rows changes, not every pixel.
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  listRef: RefObject<HTMLElement | null>,
  count: number,
): RowWindow {
  const [view, setView] = useState<View>(() => ({ top: 0, height: window.innerHeight }))
  const countRef = useRef(count)
  useLayoutEffect(() => {
    countRef.current = count
  }, [count])

  /** Reads the view from the DOM; re-renders only if that changes which rows show. */
  const measure = useCallback(() => {
    const scroller = scrollRef.current
    const list = listRef.current
    if (!scroller || !list) return
    const next = {
      top: scroller.scrollTop - listOffset(scroller, list),
      height: scroller.clientHeight,
    }
    setView((current) =>
      current.height === next.height &&
      sameRange(
        rowsInView(current.top, current.height, countRef.current),
        rowsInView(next.top, next.height, countRef.current),
      )
        ? current
        : next,
    )
  }, [scrollRef, listRef])

  useLayoutEffect(() => {
    const scroller = scrollRef.current
    if (!scroller) return
    measure()
    scroller.addEventListener('scroll', measure, { passive: true })
    const resize = new ResizeObserver(measure)
    resize.observe(scroller)
    return () => {
      scroller.removeEventListener('scroll', measure)
      resize.disconnect()
    }
  }, [scrollRef, measure])

  const scrollToRow = useCallback(
    (index: number) => {
      const scroller = scrollRef.current
      const list = listRef.current
      if (!scroller || !list) return
      const offset = listOffset(scroller, list)
      const target = topToShowRow(index, scroller.scrollTop - offset, scroller.clientHeight)
      if (target === undefined) return
      scroller.scrollTop = target + offset
      // Render the new window now, not a frame later when the scroll event comes.
      measure()
    },
    [scrollRef, listRef, measure],
  )

  return { range: rowsInView(view.top, view.height, count), scrollToRow }
}
