import { describe, expect, it } from 'vitest'
import type { EntrySummary, TotpCode } from '../../src/shared/entry'
import {
  applyCodes,
  entryNames,
  firstScreenIds,
  forgetRenamed,
  type HeldCodes,
} from '../../src/renderer/src/lib/code-fetch'
import { rowsOnFirstScreen } from '../../src/renderer/src/lib/list-layout'

const entry = (n: number, type: 'totp' | 'hotp' = 'totp'): EntrySummary => ({
  id: `id-${n}`,
  type,
  issuer: `Issuer ${n}`,
  label: `user${n}`,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
})

const code = (id: string, digits: string): TotpCode => ({
  id,
  code: digits,
  nextCode: '000000',
  validUntil: 1_000,
  period: 30,
})

describe('firstScreenIds', () => {
  it('names the TOTP entries among the first rows, skipping HOTP ones', () => {
    const entries = [entry(0), entry(1, 'hotp'), entry(2), entry(3), entry(4)]
    expect(firstScreenIds(entries, 3)).toEqual(['id-0', 'id-2'])
  })

  it('asks for everything (undefined) when every TOTP entry is on the first screen', () => {
    const entries = [entry(0), entry(1), entry(2, 'hotp')]
    expect(firstScreenIds(entries, 2)).toBeUndefined()
    expect(firstScreenIds(entries, 40)).toBeUndefined()
  })

  it('covers a window-high list plus the overscan the list renders', () => {
    // 640 px / 72 px rows = 9 rows on screen, plus 6 rendered below them.
    expect(rowsOnFirstScreen(640)).toBe(15)
    const entries = Array.from({ length: 1000 }, (_, i) => entry(i))
    expect(firstScreenIds(entries, rowsOnFirstScreen(640))).toHaveLength(15)
  })
})

describe('applyCodes', () => {
  const held: HeldCodes = {
    codes: new Map([
      ['a', code('a', '111111')],
      ['b', code('b', '222222')],
    ]),
    unreadable: new Set(['c', 'd']),
    tampered: new Set(['d']),
  }

  it('an answer for every entry replaces everything held', () => {
    const next = applyCodes(held, {
      asked: undefined,
      answer: { now: 0, codes: [code('b', '333333')], unreadable: ['d', 'e'], tampered: ['e'] },
    })
    expect([...next.codes.keys()]).toEqual(['b'])
    expect(next.codes.get('b')?.code).toBe('333333')
    expect([...next.unreadable]).toEqual(['d', 'e'])
    expect([...next.tampered]).toEqual(['e'])
  })

  it('an answer for some entries replaces only theirs and keeps the rest', () => {
    const next = applyCodes(held, {
      asked: ['b', 'c', 'e'],
      answer: {
        now: 0,
        codes: [code('b', '333333'), code('c', '444444')],
        unreadable: ['e'],
        tampered: ['e'],
      },
    })
    expect(next.codes.get('a')?.code).toBe('111111')
    expect(next.codes.get('b')?.code).toBe('333333')
    // c was unreadable and now has a code; d was not asked about and stays unreadable.
    expect(next.codes.get('c')?.code).toBe('444444')
    expect([...next.unreadable].sort()).toEqual(['d', 'e'])
    // d stays tampered (not asked about); e is newly so.
    expect([...next.tampered].sort()).toEqual(['d', 'e'])
    // What was held is not changed in place: React state stays immutable.
    expect(held.codes.get('b')?.code).toBe('222222')
  })

  it('an asked entry without a code (deleted meanwhile) loses the code it had', () => {
    const next = applyCodes(held, {
      asked: ['a'],
      answer: { now: 0, codes: [], unreadable: [], tampered: [] },
    })
    expect(next.codes.has('a')).toBe(false)
    expect(next.codes.has('b')).toBe(true)
  })
})

describe('forgetRenamed', () => {
  const entry = (id: string, issuer: string, label = 'alice') =>
    ({ id, type: 'totp', issuer, label, algorithm: 'SHA1', digits: 6, period: 30 }) as const
  const held: HeldCodes = {
    codes: new Map([
      ['a', code('a', '111111')],
      ['b', code('b', '222222')],
    ]),
    unreadable: new Set(),
    tampered: new Set(),
  }

  it('drops the codes of entries whose names changed (e.g. issuers swapped in the file)', () => {
    const before = entryNames([entry('a', 'GitHub'), entry('b', 'Bank')])
    const after = entryNames([entry('a', 'Bank'), entry('b', 'GitHub')])
    const next = forgetRenamed(held, before, after)
    expect(next?.codes.size).toBe(0)
  })

  it('keeps everything when no name changed (a move, a new entry, a delete)', () => {
    const before = entryNames([entry('a', 'GitHub'), entry('b', 'Bank')])
    const after = entryNames([entry('b', 'Bank'), entry('a', 'GitHub'), entry('c', 'New')])
    expect(forgetRenamed(held, before, after)).toBeUndefined()
  })

  it('a MAG mark appearing counts as a change of names', () => {
    const before = entryNames([entry('a', 'GitHub')])
    const after = entryNames([{ ...entry('a', 'GitHub'), magCredentialId: 'c-1' }])
    expect([...(forgetRenamed(held, before, after)?.codes.keys() ?? [])]).toEqual(['b'])
  })
})
