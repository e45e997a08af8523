import { describe, expect, it } from 'vitest'
import { copyButtonLabel, rowNameWords } from '../../src/renderer/src/lib/row-label'

describe('copyButtonLabel (WCAG 2.5.3: the name holds the visible words, in order)', () => {
  const github = { issuer: 'GitHub', label: 'alice@example.com', magCredential: false }

  it('names the row by its visible words, the code in its reading groups, then the action', () => {
    expect(copyButtonLabel({ ...github, code: '123456' })).toBe(
      'GitHub alice@example.com 123 456. Press Enter to copy.',
    )
    expect(copyButtonLabel({ ...github, code: '12345678', nextCode: '87654321' })).toBe(
      'GitHub alice@example.com 1234 5678, Next 8765 4321. Press Enter to copy.',
    )
    expect(copyButtonLabel({ ...github, code: '123456', counter: 7 })).toBe(
      'GitHub alice@example.com 123 456, Counter 7. Press Enter to copy.',
    )
  })

  it('puts the MAG credential mark where the row shows it, between issuer and account', () => {
    expect(rowNameWords({ ...github, issuer: 'MAG', magCredential: true })).toBe(
      'MAG MAG credential alice@example.com',
    )
  })

  it('an account with only a label, or only an issuer, is named by it once', () => {
    expect(rowNameWords({ issuer: '', label: 'alice', magCredential: false })).toBe('alice')
    expect(rowNameWords({ issuer: 'GitHub', label: '', magCredential: false })).toBe('GitHub')
  })

  it('without a code, says what the row shows instead', () => {
    expect(copyButtonLabel({ ...github, problem: "Can't decrypt this secret" })).toBe(
      "GitHub alice@example.com. Can't decrypt this secret.",
    )
    expect(copyButtonLabel({ ...github, hotpWithoutCode: true })).toBe(
      'GitHub alice@example.com, counter-based. Use Generate for a code.',
    )
    expect(copyButtonLabel(github)).toBe('GitHub alice@example.com, loading code.')
  })
})
