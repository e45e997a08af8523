import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setupI18n } from '@lingui/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadMessages } from 'virtual:message-catalog'
import { AppError, appErrorCodes, type AppErrorCode } from '../../src/shared/app-error'
import { uiLanguages, type UiLanguage } from '../../src/shared/i18n/languages'
import type { MessageId } from '../../src/shared/i18n/namespaces'
import {
  vaultLockedProblemSchema,
  vaultNoticeSchema,
  vaultProblemSchema,
  type VaultLockedProblem,
  type VaultProblem,
} from '../../src/shared/vault-status'
import {
  errorCode,
  errorField,
  errorMessage,
  errorMessageId,
  noticeMessage,
  problemMessage,
  problemRemedy,
  type UiText,
} from '../../src/renderer/src/lib/errors'
import { shownError } from '../../src/renderer/src/mag/shown-error'

/**
 * What main reports reaches the user in the UI language: every error code, vault notice kind
 * and vault problem kind has its catalogue message in every language; in English the user
 * reads main's own (more specific) message, in German the German catalogue's, never main's
 * English; anything without a known code is the generic message of the UI language.
 */
const localesDir = join(import.meta.dirname, '../../src/shared/i18n/locales')

function readPart(language: UiLanguage, namespace: string): Record<string, string> {
  return JSON.parse(readFileSync(join(localesDir, language, `${namespace}.json`), 'utf8'))
}

const noticeKinds = vaultNoticeSchema.shape.kind.options
const problemKinds = [
  ...vaultProblemSchema.shape.kind.options,
  vaultLockedProblemSchema.shape.kind.value,
]

/** Every id the errors module may ask for, built the way it builds them. */
const everyErrorsId: string[] = [
  ...appErrorCodes.map((code) => `errors.${code}`),
  ...noticeKinds.map((kind) => `errors.notice.${kind}`),
  ...problemKinds.flatMap((kind) => [
    `errors.problem.${kind}.message`,
    `errors.problem.${kind}.remedy`,
  ]),
]

/** The catalogue of one language, as the app loads it (compiled), behind the UiText type. */
const ui = {} as Record<UiLanguage, UiText>

beforeAll(async () => {
  for (const language of uiLanguages) {
    const i18n = setupI18n({
      missing: (_language, id) => {
        throw new Error(`no "${id}" in the ${language} catalogue`)
      },
    })
    i18n.load(language, {
      ...(await loadMessages(language, 'common')),
      ...(await loadMessages(language, 'errors')),
    })
    i18n.activate(language)
    ui[language] = { language, t: (id, values) => i18n._(id, values) }
  }
})

/** Main's English, as it would arrive: specific, and never in any catalogue. */
const mainsEnglish = 'Line 3: the secret of “GitHub” is 4 characters, fewer than 16. (from main)'

const garbled: [string, unknown][] = [
  ['a plain Error', new Error('TypeError: cannot read properties of undefined')],
  ['undefined', undefined],
  ['null', null],
  ['a string', 'boom'],
  ['an unknown code', { code: 'no-such-code', message: 'Something specific.' }],
  ['a code without a message', { code: 'internal' }],
  ['a field that is not a string', { code: 'internal', message: 'x', field: 3 }],
  ['an AppError whose code was garbled', new AppError('bogus' as AppErrorCode, 'Specific.')],
]

describe('the errors catalogue', () => {
  for (const language of uiLanguages) {
    it(`${language} has a message for every error code, notice kind and problem kind`, () => {
      const part = readPart(language, 'errors')
      const missing = everyErrorsId.filter((id) => !(part[id] ?? '').trim())
      expect(missing).toEqual([])
      // Nothing else: an entry no code leads to is a sentence nobody can see.
      expect(Object.keys(part).sort()).toEqual([...everyErrorsId].sort())
    })

    it(`${language} messages compile and read exactly as written (no stray ICU syntax)`, () => {
      // None takes arguments (an AppError carries only its code), so each reads as its text:
      // a lone apostrophe or brace ICU would swallow shows up here.
      const part = readPart(language, 'errors')
      for (const id of everyErrorsId) {
        expect(ui[language].t(id as MessageId), id).toBe(part[id])
      }
    })
  }

  it('German says each message in German (no entry left as the English)', () => {
    const english = readPart('en', 'errors')
    const german = readPart('de', 'errors')
    const same = everyErrorsId.filter((id) => german[id] === english[id])
    expect(same).toEqual([])
  })

  it('names every code by the id errorMessageId gives it', () => {
    for (const code of appErrorCodes) expect(errorMessageId(code)).toBe(`errors.${code}`)
  })
})

describe('errorMessage', () => {
  it("in English is main's own message, for every code", () => {
    for (const code of appErrorCodes) {
      expect(errorMessage(new AppError(code, mainsEnglish), ui.en)).toBe(mainsEnglish)
    }
  })

  it("in German is the German catalogue's message for the code, never main's English", () => {
    const german = readPart('de', 'errors')
    for (const code of appErrorCodes) {
      const shown = errorMessage(new AppError(code, mainsEnglish, 'secret'), ui.de)
      expect(shown, code).toBe(german[`errors.${code}`])
    }
    expect(errorMessage(new AppError('mag-offline', mainsEnglish), ui.de)).toBe(
      'Der MAG-Dienst ist nicht erreichbar. Prüfen Sie Ihre Netzwerkverbindung; Ihre Codes funktionieren in der Zwischenzeit weiter.',
    )
  })

  it("in English falls back to the catalogue's message when main said nothing", () => {
    expect(errorMessage(new AppError('password-wrong', '  '), ui.en)).toBe(
      readPart('en', 'errors')['errors.password-wrong'],
    )
  })

  it('reads an error shaped like main’s (code, message, field) as main’s', () => {
    const shape = { code: 'invalid-argument', message: mainsEnglish, field: 'issuer' }
    expect(errorMessage(shape, ui.en)).toBe(mainsEnglish)
    expect(errorMessage(shape, ui.de)).toBe(readPart('de', 'errors')['errors.invalid-argument'])
    expect(errorField(shape)).toBe('issuer')
    expect(errorCode(shape)).toBe('invalid-argument')
  })

  for (const [what, error] of garbled) {
    it(`turns ${what} into the generic message of each language, with no code or field`, () => {
      for (const language of uiLanguages) {
        expect(errorMessage(error, ui[language])).toBe(
          readPart(language, 'common')['common.somethingWentWrong'],
        )
      }
      expect(errorCode(error)).toBeUndefined()
      expect(errorField(error)).toBeUndefined()
    })
  }
})

describe('vault notices and problems', () => {
  const notice = {
    kind: 'data-file-corrupt-moved',
    message: 'The data file is not JSON (line 1). It was moved aside…',
    path: '/home/a/.config/mag/vault.corrupt-1.json',
  } as const

  it("are main's own text in English and the catalogue's in German", () => {
    expect(noticeMessage(notice, ui.en)).toBe(notice.message)
    expect(noticeMessage(notice, ui.de)).toBe(
      readPart('de', 'errors')['errors.notice.data-file-corrupt-moved'],
    )
    const german = readPart('de', 'errors')
    for (const kind of problemKinds) {
      const problem = {
        kind,
        message: `${mainsEnglish} (${kind})`,
        remedy: 'Do this (from main).',
      } as VaultProblem | VaultLockedProblem
      expect(problemMessage(problem, ui.en)).toBe(problem.message)
      expect(problemRemedy(problem, ui.en)).toBe(problem.remedy)
      expect(problemMessage(problem, ui.de)).toBe(german[`errors.problem.${kind}.message`])
      expect(problemRemedy(problem, ui.de)).toBe(german[`errors.problem.${kind}.remedy`])
    }
  })

  it("fall back to the catalogue's English when main's text is empty", () => {
    const english = readPart('en', 'errors')
    expect(noticeMessage({ ...notice, message: '' }, ui.en)).toBe(
      english['errors.notice.data-file-corrupt-moved'],
    )
    const problem: VaultProblem = { kind: 'keychain-locked', message: '', remedy: '' }
    expect(problemMessage(problem, ui.en)).toBe(english['errors.problem.keychain-locked.message'])
    expect(problemRemedy(problem, ui.en)).toBe(english['errors.problem.keychain-locked.remedy'])
  })
})

describe('in the active UI language (what components get)', () => {
  // activateLanguage sets <html lang>; under Node there is no document, so give it one.
  beforeAll(() => {
    vi.stubGlobal('document', { documentElement: { lang: '' } })
  })
  afterAll(() => {
    vi.unstubAllGlobals()
  })

  it('follows the language the UI switches to, for errors, notices, problems and ShownError', async () => {
    const { activateLanguage } = await import('../../src/renderer/src/i18n/i18n')
    const german = readPart('de', 'errors')
    const error = new AppError('otp-invalid', mainsEnglish, 'code')
    const problem: VaultProblem = {
      kind: 'vault-key-missing',
      message: mainsEnglish,
      remedy: 'Restore (from main).',
    }

    await activateLanguage('de', ['common', 'errors'])
    expect(errorMessage(error)).toBe(german['errors.otp-invalid'])
    expect(shownError(error)).toEqual({
      code: 'otp-invalid',
      message: german['errors.otp-invalid'],
      field: 'code',
    })
    expect(problemRemedy(problem)).toBe(german['errors.problem.vault-key-missing.remedy'])
    expect(errorMessage(new Error('boom'))).toBe(
      readPart('de', 'common')['common.somethingWentWrong'],
    )

    await activateLanguage('en')
    expect(errorMessage(error)).toBe(mainsEnglish)
    expect(shownError(error).message).toBe(mainsEnglish)
    expect(problemMessage(problem)).toBe(mainsEnglish)
    expect(errorMessage(new Error('boom'))).toBe('Something went wrong. Please try again.')
  })
})
