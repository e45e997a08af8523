import { describe, expect, it } from 'vitest'
import type { ImportPreviewView } from '../../src/shared/transfer'
import {
  addButtonText,
  checkBackupPassword,
  passwordHint,
  previewSummary,
} from '../../src/renderer/src/lib/transfer-text'

const entry = (status: 'new' | 'present' | 'conflict') => ({
  issuer: 'GitHub',
  label: 'alice',
  type: 'totp' as const,
  status,
})

function preview(statuses: Array<'new' | 'present' | 'conflict'>, problems = 0): ImportPreviewView {
  return {
    previewId: '0123456789abcdef0123456789abcdef',
    sourceName: 'Aegis',
    entries: statuses.map(entry),
    problems: Array.from({ length: problems }, (_, index) => ({
      index,
      name: 'Steam',
      reason: 'Steam codes are not supported',
    })),
  }
}

describe('import preview text', () => {
  it('counts new (with re-keyed), already present and unreadable accounts', () => {
    const twelve = preview([...Array<'new'>(9).fill('new'), 'conflict', 'present'], 1)
    expect(previewSummary(twelve)).toBe('12 accounts: 10 new, 1 already present, 1 cannot be read')
    expect(addButtonText(twelve)).toBe('Add 10 accounts')
  })

  it('leaves out what is not there and says when nothing would be added', () => {
    expect(previewSummary(preview(['new']))).toBe('1 account: 1 new')
    expect(addButtonText(preview(['new']))).toBe('Add 1 account')
    expect(addButtonText(preview(['present'], 1))).toBe('Nothing to add')
  })
})

describe('backup password', () => {
  it('asks for a password of at least 8 characters, typed twice the same', () => {
    expect(checkBackupPassword('', '')).toMatchObject({ ok: false, field: 'password' })
    expect(checkBackupPassword('short', 'short')).toMatchObject({ ok: false, field: 'password' })
    expect(checkBackupPassword('long enough', 'long enougH')).toMatchObject({
      ok: false,
      field: 'confirmation',
      message: 'The passwords do not match',
    })
    expect(checkBackupPassword('long enough', 'long enough')).toMatchObject({ ok: true })
  })

  it('nudges toward a longer password without requiring one', () => {
    expect(passwordHint('')).toBeUndefined()
    expect(passwordHint('abc')).toMatch(/8 characters/)
    expect(passwordHint('abcdefghij')).toMatch(/harder to guess/)
    expect(passwordHint('correct horse battery')).toBeUndefined()
  })
})
