import type { EntrySummary } from '../../../../shared/entry'
import { filterEntries } from '../../lib/entry-filter'

/**
 * Quick search's decisions, kept out of the component and tested without a DOM.
 *
 * - The same search as the Codes list (lib/entry-filter.ts: every word in issuer or label).
 * - The MAG credential comes first: it is the code this app exists for. Otherwise the
 *   user's own order (the vault's) is kept, so a row is where the main window has it.
 * - ↑/↓ stop at the ends instead of wrapping: a held key lands on the first or last row.
 */

export type QuickSearchEntry = Pick<EntrySummary, 'id' | 'issuer' | 'label' | 'magCredentialId'>

export function quickSearchResults<T extends QuickSearchEntry>(
  entries: readonly T[],
  query: string,
): readonly T[] {
  const found = filterEntries(entries, query)
  const mag = found.filter((entry) => entry.magCredentialId !== undefined)
  if (mag.length === 0) return found
  return [...mag, ...found.filter((entry) => entry.magCredentialId === undefined)]
}

export type QuickSearchKey = 'previous' | 'next' | 'first' | 'last' | 'copy' | 'hide'

/** What a key in the search field does; undefined: the field handles it (typing). */
export function quickSearchKey(key: string): QuickSearchKey | undefined {
  switch (key) {
    case 'ArrowUp':
      return 'previous'
    case 'ArrowDown':
      return 'next'
    case 'PageUp':
      return 'first'
    case 'PageDown':
      return 'last'
    case 'Enter':
      return 'copy'
    case 'Escape':
      return 'hide'
    default:
      return undefined
  }
}

/** The chosen row after a move among `count` rows; -1 when there are none. */
export function moveSelection(
  selected: number,
  move: 'previous' | 'next' | 'first' | 'last',
  count: number,
): number {
  if (count === 0) return -1
  const last = count - 1
  switch (move) {
    case 'first':
      return 0
    case 'last':
      return last
    case 'previous':
      return Math.max(0, Math.min(selected, last) - 1)
    case 'next':
      return Math.min(last, Math.max(selected, -1) + 1)
  }
}
