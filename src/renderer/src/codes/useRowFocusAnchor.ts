import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react'

type Anchor = { id: string; applied: boolean }

/**
 * Keeps keyboard focus on one account's row, found by entry id, across re-renders.
 *
 * Rows move under the focus: a keyboard move re-renders the list at once (optimistic), then
 * again when main answers, and codes or the virtualizer may render in between. Focus is
 * therefore never placed by index (an index read from one render and applied in the DOM of
 * another lands on the wrong account, as CI saw after a second Alt+↑), and it is re-applied
 * after every commit: React moves a keyed row by re-inserting its element, which drops
 * the focus it held to the document body.
 *
 * The anchor holds until the user moves focus themselves: a focus or pointer press anywhere
 * outside the anchored row (another row, the search box, a dialog) releases it, so the list
 * never pulls focus back from where the user put it.
 */
export function useRowFocusAnchor(listRef: RefObject<HTMLElement | null>) {
  const anchor = useRef<Anchor | undefined>(undefined)

  const rowOf = useCallback(
    (id: string) =>
      listRef.current?.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(id)}"]`) ?? null,
    [listRef],
  )

  const restore = useCallback(() => {
    const current = anchor.current
    const list = listRef.current
    if (!current || !list) return
    const row = rowOf(current.id)
    // Not rendered yet (e.g. scrolled out of the virtual window): the next commit tries again.
    if (!row) return
    const focused = document.activeElement
    if (focused && row.contains(focused)) {
      current.applied = true
      return
    }
    // Once applied, only focus the list itself lost or moved between rows is given back.
    const lost = focused === null || focused === document.body
    if (current.applied && !lost && !list.contains(focused)) return
    row.querySelector<HTMLElement>('.row__main')?.focus({ preventScroll: true })
    current.applied = true
  }, [listRef, rowOf])

  // Every commit, before paint: the DOM is the one this render produced.
  useLayoutEffect(restore)

  useEffect(() => {
    const release = (event: Event) => {
      const current = anchor.current
      if (!current) return
      const row = rowOf(current.id)
      if (row && event.target instanceof Node && row.contains(event.target)) return
      anchor.current = undefined
    }
    document.addEventListener('focusin', release, true)
    document.addEventListener('pointerdown', release, true)
    return () => {
      document.removeEventListener('focusin', release, true)
      document.removeEventListener('pointerdown', release, true)
    }
  }, [rowOf])

  /** Focuses the row of `id` now if it is rendered, else after the render that adds it. */
  return useCallback(
    (id: string) => {
      anchor.current = { id, applied: false }
      restore()
    },
    [restore],
  )
}
