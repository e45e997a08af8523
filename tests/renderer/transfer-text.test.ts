import { beforeAll, describe, expect, it } from 'vitest'
import type { Translate } from '../../src/renderer/src/i18n/useT'
import type { Message } from '../../src/renderer/src/lib/message'
import type { ImportPreviewView } from '../../src/shared/transfer'
import {
  addButtonText,
  checkBackupPassword,
  passwordHint,
  previewSummary,
} from '../../src/renderer/src/lib/transfer-text'
import { codesTranslator } from './codes-translate'

let en: Translate
let de: Translate
beforeAll(async () => {
  en = await codesTranslator('en')
  de = await codesTranslator('de')
})
/** A message as the dialog shows it, in English or German. */
const inEnglish = (message: Message | undefined) => message && en(message.id, message.values)
const inGerman = (message: Message | undefined) => message && de(message.id, message.values)

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
    expect(inEnglish(previewSummary(twelve))).toBe(
      '12 accounts: 10 new, 1 already present, 1 cannot be read',
    )
    expect(inEnglish(addButtonText(twelve))).toBe('Add 10 accounts')
  })

  it('leaves out what is not there and says when nothing would be added', () => {
    expect(inEnglish(previewSummary(preview(['new'])))).toBe('1 account: 1 new')
    expect(inEnglish(addButtonText(preview(['new'])))).toBe('Add 1 account')
    expect(inEnglish(addButtonText(preview(['present'], 1)))).toBe('Nothing to add')
  })

  it('says it in German with German plurals and numbers', () => {
    expect(inGerman(previewSummary(preview(['new'])))).toBe('1 Konto: 1 neu')
    expect(inGerman(addButtonText(preview(['new'])))).toBe('1 Konto hinzufügen')
    const many = preview([...Array<'new'>(1233).fill('new'), 'present'], 2)
    expect(inGerman(previewSummary(many))).toBe(
      '1.236 Konten: 1.233 neu, 1 bereits vorhanden, 2 nicht lesbar',
    )
    expect(inGerman(addButtonText(many))).toBe('1.233 Konten hinzufügen')
  })
})

describe('backup password', () => {
  it('asks for a password of at least 8 characters, typed twice the same', () => {
    const problem = (password: string, confirmation: string) => {
      const checked = checkBackupPassword(password, confirmation)
      return checked.ok ? undefined : { field: checked.field, text: inEnglish(checked.message) }
    }
    expect(problem('', '')).toEqual({ field: 'password', text: 'Choose a password' })
    expect(problem('short', 'short')).toEqual({
      field: 'password',
      text: 'Use at least 8 characters',
    })
    expect(problem('long enough', 'long enougH')).toEqual({
      field: 'confirmation',
      text: 'The passwords do not match',
    })
    expect(checkBackupPassword('long enough', 'long enough')).toMatchObject({ ok: true })
  })

  it('nudges toward a longer password without requiring one', () => {
    expect(passwordHint('')).toBeUndefined()
    expect(inEnglish(passwordHint('abc'))).toBe('At least 8 characters')
    expect(inEnglish(passwordHint('abcdefghij'))).toMatch(/harder to guess/)
    expect(passwordHint('correct horse battery')).toBeUndefined()
    expect(inGerman(passwordHint('abc'))).toBe('Mindestens 8 Zeichen')
  })
})
