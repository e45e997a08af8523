import { describe, expect, it } from 'vitest'
import {
  moveSelection,
  quickSearchKey,
  quickSearchResults,
  type QuickSearchEntry,
} from '../../src/renderer/src/quick-search/lib/quick-search-list'

const entries: QuickSearchEntry[] = [
  { id: 'a', issuer: 'GitHub', label: 'alice@example.com' },
  { id: 'b', issuer: 'AWS', label: 'root' },
  { id: 'm', issuer: 'MAG', label: 'alice', magCredentialId: 'cred-1' },
  { id: 'g', issuer: 'GitLab', label: 'bob' },
]

const ids = (list: readonly QuickSearchEntry[]) => list.map((entry) => entry.id)

describe('quick search results', () => {
  it('puts the MAG credential first and keeps the vault order for the rest', () => {
    expect(ids(quickSearchResults(entries, ''))).toEqual(['m', 'a', 'b', 'g'])
  })

  it('filters issuer and label like the Codes list (every word, any case)', () => {
    expect(ids(quickSearchResults(entries, 'git'))).toEqual(['a', 'g'])
    expect(ids(quickSearchResults(entries, 'ALICE'))).toEqual(['m', 'a'])
    expect(ids(quickSearchResults(entries, 'git alice'))).toEqual(['a'])
    expect(ids(quickSearchResults(entries, 'nothing'))).toEqual([])
  })

  it('without a MAG credential the order is the vault order', () => {
    const plain = entries.filter((entry) => entry.magCredentialId === undefined)
    expect(ids(quickSearchResults(plain, ''))).toEqual(['a', 'b', 'g'])
  })
})

describe('quick search keys and selection', () => {
  it('maps the keys a user presses in the field', () => {
    expect(quickSearchKey('ArrowDown')).toBe('next')
    expect(quickSearchKey('ArrowUp')).toBe('previous')
    expect(quickSearchKey('Enter')).toBe('copy')
    expect(quickSearchKey('Escape')).toBe('hide')
    expect(quickSearchKey('PageUp')).toBe('first')
    expect(quickSearchKey('PageDown')).toBe('last')
    expect(quickSearchKey('a')).toBeUndefined()
  })

  it('moves within the rows and stops at the ends', () => {
    expect(moveSelection(0, 'next', 3)).toBe(1)
    expect(moveSelection(2, 'next', 3)).toBe(2)
    expect(moveSelection(0, 'previous', 3)).toBe(0)
    expect(moveSelection(2, 'previous', 3)).toBe(1)
    expect(moveSelection(1, 'first', 3)).toBe(0)
    expect(moveSelection(0, 'last', 3)).toBe(2)
  })

  it('a selection past a shrunken list comes back into it; no rows, no selection', () => {
    expect(moveSelection(7, 'previous', 3)).toBe(1)
    expect(moveSelection(-1, 'next', 3)).toBe(0)
    expect(moveSelection(0, 'next', 0)).toBe(-1)
  })
})
