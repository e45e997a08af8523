import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeBase32,
  decodeBase32Secret,
  encodeBase32,
  MAX_SECRET_CHARS,
  MAX_SECRET_INPUT_CHARS,
} from '../src'
import { OtpInputError } from '../src/errors'

const HELLO = Uint8Array.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef])

function secretError(input: string): OtpInputError {
  try {
    decodeBase32Secret(input)
  } catch (error) {
    if (error instanceof OtpInputError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`)
}

describe('encodeBase32', () => {
  // RFC 4648 §10 test vectors, written without padding as otpauth links want.
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %j', (text, encoded) => {
    expect(encodeBase32(new TextEncoder().encode(text))).toBe(encoded)
  })
})

describe('decodeBase32', () => {
  it("decodes the Key URI Format's example secret", () => {
    expect(decodeBase32('JBSWY3DPEHPK3PXP')).toEqual(HELLO)
  })

  it.each([
    'jbswy3dpehpk3pxp',
    'JBSW Y3DP EHPK 3PXP',
    'jbsw-y3dp-ehpk-3pxp',
    '  JBSWY3DP\tEHPK3PXP\n',
    'JBSWY3DPEHPK3PXP======',
    'JbSw y3Dp-EhPk 3pXp==',
  ])('ignores case, spaces, hyphens and padding: %j', (input) => {
    expect(decodeBase32(input)).toEqual(HELLO)
  })

  it('round-trips any secret it accepts, in any case and grouping', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 10, maxLength: 640 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        (bytes, lower, group) => {
          let text = encodeBase32(bytes)
          if (lower) text = text.toLowerCase()
          const grouped = text.replace(new RegExp(`(.{${group}})`, 'g'), '$1 ')
          expect(decodeBase32(grouped)).toEqual(bytes)
        },
      ),
    )
  })

  it('ignores spare bits in the last character, as other authenticators do', () => {
    // 26 characters = 16 bytes + 2 spare bits; 'H' sets them, 'E' does not.
    expect(decodeBase32('JBSWY3DPEHPK3PXPJBSWY3DPEH')).toEqual(
      decodeBase32('JBSWY3DPEHPK3PXPJBSWY3DPEE'),
    )
    expect(decodeBase32('JBSWY3DPEHPK3PXPJBSWY3DPEH')).toHaveLength(16)
  })
})

describe('decodeBase32Secret errors', () => {
  it.each([
    ['', 'Secret is empty'],
    ['  - -  ', 'Secret is empty'],
    [
      'JBSWY3DPEHPK3PX1',
      "Secret contains '1', which is not a base32 character (A–Z, 2–7) (did you mean I or L?)",
    ],
    [
      'JBSWY3DPEHPK3PX0',
      "Secret contains '0', which is not a base32 character (A–Z, 2–7) (did you mean O?)",
    ],
    ['JBSWY3DPEHPK3PX!', "Secret contains '!', which is not a base32 character (A–Z, 2–7)"],
    ['JBSWY3DP=EHPK3PXP', "Secret has '=' padding before its end"],
    [
      'JBSWY3DPEHPK3PX',
      'Secret is too short: at least 80 bits (16 base32 characters), got 15 characters',
    ],
    [
      'JBSWY3DPEH',
      'Secret is too short: at least 80 bits (16 base32 characters), got 10 characters',
    ],
    [
      'JBSWY3DPEHPK3PXPA',
      'Secret has 17 characters, a length no base32 secret can have: a character is missing or extra',
    ],
    [
      'A'.repeat(MAX_SECRET_CHARS + 8),
      `Secret is too long: at most 1024 base32 characters (got ${MAX_SECRET_CHARS + 8})`,
    ],
  ])('refuses %j with a message naming what is wrong', (input, message) => {
    const error = secretError(input)
    expect(error.code).toBe('invalid-secret')
    expect(error.field).toBe('secret')
    expect(error.message).toBe(message)
  })

  // Unicode upper-casing turns these into base32 letters ('ß' → 'SS', 'ſ' → 'S', 'ı' → 'I'),
  // which would store a different secret than the one pasted, without a word.
  it.each([
    ['JBSWY3DPEHPK3Pß', 'ß'],
    ['JBSWY3DPEHPK3PXſ', 'ſ'],
    ['JBSWY3DPEHPK3PXı', 'ı'],
  ])('refuses %j instead of reading a look-alike letter into it', (input, char) => {
    const error = secretError(input)
    expect(error.code).toBe('invalid-secret')
    expect(error.message).toBe(
      `Secret contains '${char}', which is not a base32 character (A–Z, 2–7)`,
    )
  })

  it('accepts the longest allowed secret', () => {
    expect(decodeBase32Secret('A'.repeat(MAX_SECRET_CHARS))).toHaveLength(640)
  })
})

describe('decodeBase32 on huge input', () => {
  // Before the fix a run of '=' cost quadratic time before the length check (0.2 s at 16k
  // characters, 15 s at 50k): these would not finish inside the test timeout.
  it.each([
    ['1 MB of = then a letter', `${'='.repeat(1_000_000)}A`],
    ['5 MB of = then a letter', `${'='.repeat(5_000_000)}A`],
    ['5 MB of spaces and = mixed', `${'= '.repeat(2_500_000)}A`],
    ['5 MB of letters', 'A'.repeat(5_000_000)],
  ])('refuses %s as too long', (_name, input) => {
    expect(() => decodeBase32(input)).toThrow(/^is too long: at most 1024 base32 characters/)
    const error = secretError(input)
    expect(error.message).toMatch(/^Secret is too long/)
  })

  it('still reads a secret grouped with a separator after every character', () => {
    const bytes = new Uint8Array(640).fill(0xa5)
    const spaced = encodeBase32(bytes).split('').join('  ')
    expect(spaced.length).toBeLessThanOrEqual(MAX_SECRET_INPUT_CHARS)
    expect(decodeBase32(spaced)).toEqual(bytes)
  })

  it('refuses a run of = below the text limit for being longer than any secret', () => {
    const input = `${'='.repeat(MAX_SECRET_INPUT_CHARS - 1)}A`
    expect(() => decodeBase32(input)).toThrow(/^is too long/)
  })
})
