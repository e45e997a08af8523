/** The height of one account row, in CSS pixels; the virtualized list relies on it. */
export const ROW_HEIGHT = 72
/** Rows rendered beyond each edge of the view, so a short scroll shows no gap. */
export const OVERSCAN = 6

/** At most the rows the list renders before any scrolling: a window-high view plus overscan. */
export function rowsOnFirstScreen(viewportHeight: number): number {
  return Math.ceil(viewportHeight / ROW_HEIGHT) + OVERSCAN
}

/** Rows `first`…`last` (inclusive); empty when `last` < `first`. */
export type RowRange = { first: number; last: number }

/**
 * The rows to render when the list is scrolled `top` pixels (from its first row) in a view
 * `height` pixels high: those in view, plus OVERSCAN each side, within the list's `count`.
 * Every row is ROW_HEIGHT high, so this is arithmetic: nothing is measured.
 */
export function rowsInView(top: number, height: number, count: number): RowRange {
  if (count <= 0) return { first: 0, last: -1 }
  const first = Math.max(0, Math.floor(Math.max(0, top) / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(count - 1, Math.ceil((top + height) / ROW_HEIGHT) - 1 + OVERSCAN)
  return { first: Math.min(first, count - 1), last: Math.max(last, Math.min(first, count - 1)) }
}

export function sameRange(a: RowRange, b: RowRange): boolean {
  return a.first === b.first && a.last === b.last
}

/**
 * Where to scroll (the new `top`) so row `index` is wholly in a view `height` pixels high
 * now scrolled to `top`, moving as little as possible; undefined when it already is.
 */
export function topToShowRow(index: number, top: number, height: number): number | undefined {
  const rowTop = index * ROW_HEIGHT
  const rowBottom = rowTop + ROW_HEIGHT
  if (rowTop < top) return rowTop
  if (rowBottom > top + height) return Math.max(0, rowBottom - height)
  return undefined
}
