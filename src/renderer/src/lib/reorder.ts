/** A copy of `items` with the item at `from` moved to `to` (both clamped into range). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = items.slice()
  if (from < 0 || from >= copy.length) return copy
  const target = Math.max(0, Math.min(copy.length - 1, to))
  const [item] = copy.splice(from, 1)
  copy.splice(target, 0, item as T)
  return copy
}

/**
 * Where a dragged row lands when dropped on `overIndex`, in the top or bottom half of it.
 * Returns the final index of the dragged row, as moveEntry expects.
 */
export function dropIndex(fromIndex: number, overIndex: number, after: boolean): number {
  const slot = after ? overIndex + 1 : overIndex
  return slot > fromIndex ? slot - 1 : slot
}

/** The target index of a keyboard move (Alt+Arrow), or undefined when already at that end. */
export function keyboardMoveTarget(
  index: number,
  direction: 'up' | 'down',
  length: number,
): number | undefined {
  const target = direction === 'up' ? index - 1 : index + 1
  return target < 0 || target >= length ? undefined : target
}
