import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hotp, totp, totpWindow } from '../src'
import type { Algorithm } from '../src/parameters'
import { RFC4226_CODES, RFC4226_SECRET, RFC6238_SEEDS, RFC6238_VECTORS } from './rfc-vectors'

const ALGORITHMS: Algorithm[] = ['SHA1', 'SHA256', 'SHA512']

/** Independent oracle: RFC 4226 §5.3 written out on node:crypto, no otplib involved. */
function referenceHotp(secret: Uint8Array, counter: number, algorithm: Algorithm, digits: number) {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm.toLowerCase(), secret).update(message).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
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
