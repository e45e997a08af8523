/** The height of one account row, in CSS pixels; the virtualized list relies on it. */
export const ROW_HEIGHT = 72
/** Rows rendered beyond each edge of the view, so a short scroll shows no gap. */
export const OVERSCAN = 6

/** At most the rows the list renders before any scrolling: a window-high view plus overscan. */
export function rowsOnFirstScreen(viewportHeight: number): number {
  return Math.ceil(viewportHeight / ROW_HEIGHT) + OVERSCAN
}
