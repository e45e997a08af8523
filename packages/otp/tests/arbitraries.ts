import fc from 'fast-check'
import type { OtpauthEntry } from '../src'

/** Issuer and account text, heavy on the characters that links must escape. */
export const nameText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ':',
        '%',
        '&',
        ' ',
        '+',
        '=',
        '?',
        '#',
        '/',
        '%3A',
        '%20',
        'é',
        '😀',
        '\u00a0',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join('').trim())
  .filter((text) => text.length <= 200)

export const validEntry: fc.Arbitrary<OtpauthEntry> = fc.oneof(
  fc.record({
    type: fc.constant('totp' as const),
    issuer: nameText,
    label: nameText.filter((text) => text.length > 0),
    secret: fc.uint8Array({ minLength: 10, maxLength: 128 }),
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.integer({ min: 1, max: 3600 }),
    counter: fc.constant(0),
  }),
  fc.record({
    type: fc.constant('hotp' as const),
    issuer: nameText,
    label: nameText.filter((text) => text.length > 0),
    secret: fc.uint8Array({ minLength: 10, maxLength: 128 }),
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.constant(30),
    counter: fc.maxSafeNat(),
  }),
)
