import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { EntrySummary } from '@mag/vault/entry'
import { findOneEntry } from '../src/match'

const entry = (issuer: string, label: string): EntrySummary => ({
  id: randomUUID(),
  type: 'totp',
  issuer,
  label,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
})

describe('which account a query means', () => {
  const google = entry('Google', 'ann@example.com')
  const cloud = entry('Google Cloud', 'ann@example.com')
  const alice = entry('GitHub', 'alice')
  const bob = entry('GitHub', 'bob')
  const all = [google, cloud, alice, bob]

  it('matches issuer or label in any case, by substring', () => {
    expect(findOneEntry(all, 'ALIC')).toBe(alice)
    expect(findOneEntry(all, 'cloud')).toBe(cloud)
  })

  it('prefers an exact name over partial ones', () => {
    expect(findOneEntry(all, 'google')).toBe(google)
    expect(findOneEntry(all, 'GitHub:bob')).toBe(bob)
    expect(findOneEntry(all, 'github (alice)')).toBe(alice)
  })

  it('refuses to guess between several, naming them', () => {
    expect(() => findOneEntry(all, 'github')).toThrow(
      '"github" matches 2 accounts: GitHub (alice), GitHub (bob). Give more of the name.',
    )
    expect(() => findOneEntry(all, 'nothing')).toThrow('No account matches "nothing"')
  })
})
