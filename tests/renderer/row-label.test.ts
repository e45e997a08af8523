import { beforeAll, describe, expect, it } from 'vitest'
import type { Translate } from '../../src/renderer/src/i18n/useT'
import { copyButtonLabel, rowNameWords } from '../../src/renderer/src/lib/row-label'
import { codesTranslator } from './codes-translate'

let t: Translate
let de: Translate
beforeAll(async () => {
  t = await codesTranslator('en')
  de = await codesTranslator('de')
})

describe('copyButtonLabel (WCAG 2.5.3: the name holds the visible words, in order)', () => {
  const github = { issuer: 'GitHub', label: 'alice@example.com', magCredential: false }

  it('names the row by its visible words, the code in its reading groups, then the action', () => {
    expect(copyButtonLabel({ ...github, code: '123456' }, t)).toBe(
      'GitHub alice@example.com 123 456. Press Enter to copy.',
    )
    expect(copyButtonLabel({ ...github, code: '12345678', nextCode: '87654321' }, t)).toBe(
      'GitHub alice@example.com 1234 5678, Next 8765 4321. Press Enter to copy.',
    )
    expect(copyButtonLabel({ ...github, code: '123456', counter: 7 }, t)).toBe(
      'GitHub alice@example.com 123 456, Counter 7. Press Enter to copy.',
    )
  })

  it('puts the MAG credential mark where the row shows it, between issuer and account', () => {
    expect(rowNameWords({ ...github, issuer: 'MAG', magCredential: true }, t)).toBe(
      'MAG MAG credential alice@example.com',
    )
  })

  it('an account with only a label, or only an issuer, is named by it once', () => {
    expect(rowNameWords({ issuer: '', label: 'alice', magCredential: false }, t)).toBe('alice')
    expect(rowNameWords({ issuer: 'GitHub', label: '', magCredential: false }, t)).toBe('GitHub')
  })

  it('without a code, says what the row shows instead', () => {
    expect(copyButtonLabel({ ...github, problem: "Can't decrypt this secret" }, t)).toBe(
      "GitHub alice@example.com. Can't decrypt this secret.",
    )
    expect(copyButtonLabel({ ...github, hotpWithoutCode: true }, t)).toBe(
      'GitHub alice@example.com, counter-based. Use Generate for a code.',
    )
    expect(copyButtonLabel(github, t)).toBe('GitHub alice@example.com, loading code.')
  })

  it('in German, says the same words the German row shows (its mark, Zähler, Nächster)', () => {
    expect(rowNameWords({ ...github, issuer: 'MAG', magCredential: true }, de)).toBe(
      'MAG MAG-Zugang alice@example.com',
    )
    expect(copyButtonLabel({ ...github, code: '123456', counter: 1234 }, de)).toBe(
      'GitHub alice@example.com 123 456, Zähler 1234. Zum Kopieren Enter drücken.',
    )
    expect(copyButtonLabel({ ...github, code: '123456', nextCode: '654321' }, de)).toBe(
      'GitHub alice@example.com 123 456, Nächster 654 321. Zum Kopieren Enter drücken.',
    )
    expect(de('codes.row.counter', { counter: '1234' })).toBe('Zähler 1234')
  })
})
