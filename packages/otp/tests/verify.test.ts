import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codesEqual, isCodeShape, matchStep, stepOf, stepsAround } from '../src'
import { referenceHotp } from './reference-otp'
import { RFC4226_CODES, RFC4226_SECRET } from './rfc-vectors'

const SHA1_6 = { algorithm: 'SHA1' as const, digits: 6 }

describe('isCodeShape', () => {
  it.each([
    ['123456', 6, true],
    ['12345678', 8, true],
    ['12345', 6, false],
    ['1234567', 6, false],
    ['12345a', 6, false],
    ['١٢٣٤٥٦', 6, false],
    [' 12345', 6, false],
  ])('%j with %i digits: %s', (code, digits, shaped) => {
    expect(isCodeShape(code, digits)).toBe(shaped)
  })
})

describe('codesEqual', () => {
  it('is true only for the same code', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 6 }), fc.string(), (a, b) => {
        expect(codesEqual(a, b)).toBe(a === b)
        expect(codesEqual(a, a)).toBe(true)
      }),
    )
  })

  it('answers false, never throws, for a code whose UTF-8 is longer than its length says', () => {
    expect(codesEqual('123456', '12345é')).toBe(false)
    expect(codesEqual('123456', '1234567')).toBe(false)
    expect(codesEqual('123456', '')).toBe(false)
  })
})

describe('matchStep', () => {
  it('finds the step whose code was typed among the candidates', () => {
    expect(matchStep(RFC4226_SECRET, RFC4226_CODES[4]!, [3, 4, 5], SHA1_6)).toBe(4)
    expect(matchStep(RFC4226_SECRET, RFC4226_CODES[9]!, [3, 4, 5], SHA1_6)).toBeNull()
  })

  it('agrees with the reference implementation for any secret and window', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 10, maxLength: 40 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: -1, max: 1 }),
        (secret, now, offset) => {
          const code = referenceHotp(secret, now + offset)
          const found = matchStep(secret, code, stepsAround(now, 1), SHA1_6)
          // Another step of the window may share the code by chance; it must still match.
          expect(found).not.toBeNull()
          expect(referenceHotp(secret, found!)).toBe(code)
        },
      ),
    )
  })
})

describe('stepOf and stepsAround', () => {
  it('counts 30 s steps from 1970, the boundary belonging to the new step', () => {
    expect(stepOf(59_999, 30)).toBe(1)
    expect(stepOf(60_000, 30)).toBe(2)
  })

  it('never proposes a step before 1970', () => {
    expect(stepsAround(0, 1)).toEqual([0, 1])
    expect(stepsAround(10, 2)).toEqual([8, 9, 10, 11, 12])
  })
})
