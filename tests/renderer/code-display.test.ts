import { describe, expect, it } from 'vitest'
import { formatCode, groupCode } from '../../src/renderer/src/lib/code-format'
import { filterEntries } from '../../src/renderer/src/lib/entry-filter'
import { entryDisplayName, entryInitial } from '../../src/renderer/src/lib/entry-name'
import { dropIndex, keyboardMoveTarget, moveItem } from '../../src/renderer/src/lib/reorder'
import {
  checkManualEntryForm,
  emptyManualEntryForm,
  problemTexts,
} from '../../src/renderer/src/lib/entry-form'
import { codesTranslator } from './codes-translate'

describe('groupCode', () => {
  it('splits 6, 7 and 8 digits the way people read them', () => {
    expect(groupCode('123456')).toEqual(['123', '456'])
    expect(groupCode('1234567')).toEqual(['123', '4567'])
    expect(groupCode('12345678')).toEqual(['1234', '5678'])
    expect(formatCode('004213')).toBe('004 213')
  })
})

describe('filterEntries', () => {
  const entries = [
    { issuer: 'GitHub', label: 'alice@example.com' },
    { issuer: 'GitLab', label: 'bob@example.org' },
    { issuer: 'Amazon Web Services', label: 'alice@prod' },
  ]
  it('matches issuer and label case-insensitively', () => {
    expect(filterEntries(entries, 'GIT').map((e) => e.issuer)).toEqual(['GitHub', 'GitLab'])
    expect(filterEntries(entries, 'BOB').map((e) => e.issuer)).toEqual(['GitLab'])
  })
  it('needs every word somewhere, in any order', () => {
    expect(filterEntries(entries, 'alice amazon').map((e) => e.issuer)).toEqual([
      'Amazon Web Services',
    ])
    expect(filterEntries(entries, 'alice zebra')).toEqual([])
  })
  it('returns everything for a blank query', () => {
    expect(filterEntries(entries, '   ')).toBe(entries)
  })
})

describe('entry names', () => {
  it('names an account by issuer and label, or whichever exists', () => {
    expect(entryDisplayName({ issuer: 'GitHub', label: 'alice' })).toBe('GitHub (alice)')
    expect(entryDisplayName({ issuer: '', label: 'alice' })).toBe('alice')
    expect(entryDisplayName({ issuer: 'GitHub', label: 'GitHub' })).toBe('GitHub')
    expect(entryInitial({ issuer: 'ßeta', label: '' })).toBe('SS')
    expect(entryInitial({ issuer: '', label: '' })).toBe('?')
  })
})

describe('reordering', () => {
  it('moves one item and keeps the rest in order', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c'])
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 9)).toEqual(['b', 'c', 'd', 'a'])
  })
  it('turns a drop on the top or bottom half of a row into the final index', () => {
    expect(dropIndex(0, 3, true)).toBe(3) // a below d: last
    expect(dropIndex(0, 2, false)).toBe(1) // a above c: between b and c
    expect(dropIndex(3, 0, false)).toBe(0)
    expect(dropIndex(3, 0, true)).toBe(1)
    expect(dropIndex(1, 1, true)).toBe(1)
  })
  it('refuses keyboard moves past either end', () => {
    expect(keyboardMoveTarget(0, 'up', 3)).toBeUndefined()
    expect(keyboardMoveTarget(2, 'down', 3)).toBeUndefined()
    expect(keyboardMoveTarget(1, 'up', 3)).toBe(0)
  })
})

describe('checkManualEntryForm', () => {
  it('reports every field at once, numbers included', async () => {
    const result = checkManualEntryForm({ ...emptyManualEntryForm, period: 'soon' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(problemTexts(result.errors, await codesTranslator('en'))).toEqual({
      period: 'Period must be a whole number',
      label: 'Label is required',
      secret: 'Secret is required',
    })
    expect(problemTexts(result.errors, await codesTranslator('de'))).toEqual({
      period: 'Das Intervall muss eine ganze Zahl sein',
      label: 'Bitte geben Sie einen Kontonamen ein',
      secret: 'Bitte geben Sie den geheimen Schlüssel ein',
    })
  })
  it("says what the vault's limits are, from its own schema", async () => {
    const result = checkManualEntryForm({
      ...emptyManualEntryForm,
      label: 'x'.repeat(201),
      secret: 'JBSWY3DPEHPK3PXP',
      period: '4000',
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(problemTexts(result.errors, await codesTranslator('en'))).toEqual({
      label: 'Label is at most 200 characters',
      period: 'Period is at most 3,600 seconds',
    })
  })
  it('ignores the period of an HOTP entry and reads its counter', () => {
    const result = checkManualEntryForm({
      ...emptyManualEntryForm,
      type: 'hotp',
      label: 'alice',
      secret: 'JBSWY3DPEHPK3PXP',
      period: '',
      counter: '12',
    })
    expect(result).toEqual({
      ok: true,
      input: expect.objectContaining({ type: 'hotp', counter: 12, period: 30, digits: 6 }),
    })
  })
})
