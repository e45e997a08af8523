import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hotp, totp, totpWindow } from '../src'
import type { Algorithm } from '../src/parameters'
import * as reference from './reference-otp'
import { RFC4226_CODES, RFC4226_SECRET, RFC6238_SEEDS, RFC6238_VECTORS } from './rfc-vectors'

const ALGORITHMS: Algorithm[] = ['SHA1', 'SHA256', 'SHA512']

/** The repository's one independent RFC 4226 implementation, no otplib involved. */
function referenceHotp(secret: Uint8Array, counter: number, algorithm: Algorithm, digits: number) {
  return reference.referenceHotp(secret, counter, { algorithm, digits })
}

describe('hotp', () => {
  it.each(RFC4226_CODES.map((code, counter) => [counter, code] as const))(
    'RFC 4226 Appendix D, counter %i gives %s',
    (counter, code) => {
      expect(hotp(RFC4226_SECRET, counter, { algorithm: 'SHA1', digits: 6 })).toBe(code)
    },
  )

  it('matches a plain node:crypto implementation for any secret, counter, algorithm and digits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 128 }),
        fc.maxSafeNat(),
        fc.constantFrom(...ALGORITHMS),
        fc.integer({ min: 6, max: 8 }),
        (secret, counter, algorithm, digits) => {
          expect(hotp(secret, counter, { algorithm, digits })).toBe(
            referenceHotp(secret, counter, algorithm, digits),
          )
        },
      ),
    )
  })

  it('refuses digits outside 6–8 instead of producing an odd-length code', () => {
    expect(() => hotp(RFC4226_SECRET, 0, { algorithm: 'SHA1', digits: 9 })).toThrow(
      /digits must be 6, 7 or 8 \(got 9\)/,
    )
    expect(() => hotp(RFC4226_SECRET, 0, { algorithm: 'SHA1', digits: 5 })).toThrow(/got 5/)
  })
})

describe('totp', () => {
  for (const algorithm of ALGORITHMS) {
    it.each(RFC6238_VECTORS.map((v) => [v.seconds, v.codes[algorithm]] as const))(
      `RFC 6238 Appendix B, ${algorithm} at %i s gives %s`,
      (seconds, code) => {
        const options = { algorithm, digits: 8, period: 30 }
        expect(totp(RFC6238_SEEDS[algorithm], seconds * 1000, options)).toBe(code)
        // Anywhere inside the same second is the same step.
        expect(totp(RFC6238_SEEDS[algorithm], seconds * 1000 + 999, options)).toBe(code)
      },
    )
  }

  it('is the HOTP of floor(seconds / period) for any period', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 10, maxLength: 64 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.constantFrom(...ALGORITHMS),
        (secret, nowMs, period, algorithm) => {
          const step = Math.floor(nowMs / 1000 / period)
          expect(totp(secret, nowMs, { algorithm, digits: 6, period })).toBe(
            referenceHotp(secret, step, algorithm, 6),
          )
        },
      ),
    )
  })
})

describe('totpWindow', () => {
  const seed = RFC6238_SEEDS.SHA1
  const options = { algorithm: 'SHA1' as const, digits: 8, period: 30 }

  it('gives the current code, the next period code, and the end of the current period', () => {
    // RFC 6238: 1111111109 s and 1111111111 s straddle a step boundary at 1111111110 s.
    const window = totpWindow(seed, 1111111109_000, options)
    expect(window).toEqual({
      code: '07081804',
      nextCode: '14050471',
      validUntil: 1111111110_000,
    })
  })

  it('moves to the next period exactly at validUntil', () => {
    const before = totpWindow(seed, 1111111110_000 - 1, options)
    const at = totpWindow(seed, before.validUntil, options)
    expect(at.code).toBe(before.nextCode)
    expect(at.validUntil).toBe(before.validUntil + 30_000)
  })

  it('honours non-default periods', () => {
    const window = totpWindow(seed, 125_500, { ...options, period: 60 })
    expect(window.validUntil).toBe(180_000)
    expect(window.code).toBe(referenceHotp(seed, 2, 'SHA1', 8))
    expect(window.nextCode).toBe(referenceHotp(seed, 3, 'SHA1', 8))
  })
})

describe('the reference implementation the tests trust', () => {
  it('gives the RFC 4226 and RFC 6238 vectors itself, so agreeing with it means something', () => {
    RFC4226_CODES.forEach((code, counter) => {
      expect(reference.referenceHotp(RFC4226_SECRET, counter)).toBe(code)
    })
    for (const vector of RFC6238_VECTORS) {
      for (const algorithm of ALGORITHMS) {
        expect(
          reference.referenceTotp(RFC6238_SEEDS[algorithm], vector.seconds * 1000, {
            algorithm,
            digits: 8,
          }),
        ).toBe(vector.codes[algorithm])
      }
    }
  })

  it('reads back what it writes in base32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(
          new Uint8Array(reference.referenceBase32Decode(reference.referenceBase32Encode(bytes))),
        ).toEqual(bytes)
      }),
    )
  })
})

describe('engine input checks', () => {
  it('refuses a counter that is negative, fractional or beyond 2^53 − 1', () => {
    const options = { algorithm: 'SHA1' as const, digits: 6 }
    for (const counter of [-1, 0.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
      expect(() => hotp(RFC4226_SECRET, counter, options)).toThrow(RangeError)
    }
  })

  it('refuses a time before 1970 or not a number, and a period outside 1–3600 s', () => {
    const options = { algorithm: 'SHA1' as const, digits: 6, period: 30 }
    expect(() => totp(RFC4226_SECRET, -1, options)).toThrow(/time must be/)
    expect(() => totp(RFC4226_SECRET, Number.NaN, options)).toThrow(/time must be/)
    expect(() => totp(RFC4226_SECRET, 0, { ...options, period: 0 })).toThrow(/period must be/)
    expect(() => totp(RFC4226_SECRET, 0, { ...options, period: 3601 })).toThrow(/period/)
  })

  it("checks a secret against otplib's guardrails the first time and every time after", () => {
    const options = { algorithm: 'SHA1' as const, digits: 6 }
    const empty = new Uint8Array(0)
    expect(() => hotp(empty, 0, options)).toThrow(/at least 1 bytes/)
    expect(() => hotp(empty, 0, options)).toThrow(/at least 1 bytes/)
    expect(() => hotp(new Uint8Array(1025), 0, options)).toThrow(/must not exceed 1024/)
  })

  it('gives the code of the bytes the secret holds now, even after they changed', () => {
    // Nothing derived from a secret's bytes is cached: a vault re-using a buffer stays right.
    const secret = new Uint8Array(RFC4226_SECRET)
    const options = { algorithm: 'SHA1' as const, digits: 6 }
    expect(hotp(secret, 0, options)).toBe('755224')
    secret.fill(7)
    expect(hotp(secret, 0, options)).toBe(referenceHotp(secret, 0, 'SHA1', 6))
  })
})
