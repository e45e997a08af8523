import { describe, expect, it } from 'vitest'
import { parseHardwareTokenCsv } from '../src/admin/service'
import { canonicalBase32, decodeBase32, isCodeShape, matchStep, stepAt } from '../src/otp/totp'
import {
  referenceBase32Decode,
  referenceBase32Encode,
  referenceHotp,
} from '../../otp/tests/reference-otp'
import { randomBase32Secret } from './helpers'

/**
 * The service computes and reads OTP secrets with @mag/otp, the app's own core: what the
 * app refuses, the service refuses, and its codes are the RFC's.
 */
describe('secrets the service reads', () => {
  // String#toUpperCase turns these into base32 letters: 'ß' → 'SS', 'ſ' → 'S', 'ı' → 'I'.
  // The service used to store the result: a different secret than the token's.
  const lookalikes = ['JBSWY3DPEHPK3Pß', 'JBSWY3DPEHPK3PXſ', 'JBSWY3DPEHPK3PXı', 'jbswy3dpehpk3pxß']

  it.each(lookalikes)('refuses %j instead of reading a look-alike letter', (secret) => {
    expect(() => decodeBase32(secret)).toThrow(/not a base32 character/)
  })

  it.each(lookalikes)('refuses a hardware token seed %j', (secret) => {
    expect(() => parseHardwareTokenCsv(`TOKEN-1,${secret}`)).toThrow(
      /must be base32 of at least 80 bits/,
    )
  })

  it('stores a hardware token seed in one spelling, whatever case and grouping it came in', () => {
    expect(parseHardwareTokenCsv('TOKEN-1,jbsw y3dp-ehpk 3pxp')).toEqual([
      { serial: 'TOKEN-1', secretBase32: 'JBSWY3DPEHPK3PXP' },
    ])
    expect(canonicalBase32('jbswy3dpehpk3pxp====')).toBe('JBSWY3DPEHPK3PXP')
  })

  it('refuses a secret shorter than 80 bits, as the app does', () => {
    expect(() => decodeBase32('JBSWY3DPEHPK3PX')).toThrow(/too short/)
    expect(() => parseHardwareTokenCsv('TOKEN-1,JBSWY3DP')).toThrow(/at least 80 bits/)
  })

  it('reads the bytes the reference base32 reads', () => {
    for (let i = 0; i < 50; i++) {
      const secret = randomBase32Secret(10 + i)
      expect(decodeBase32(secret)).toEqual(new Uint8Array(referenceBase32Decode(secret)))
      expect(referenceBase32Encode(decodeBase32(secret))).toBe(secret)
    }
  })
})

describe('codes the service accepts', () => {
  const key = referenceBase32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')

  it('matches the reference code of each step of the window, and nothing else', () => {
    const now = stepAt(new Date())
    for (const offset of [-1, 0, 1]) {
      const code = referenceHotp(key, now + offset)
      expect(matchStep(key, code, [now - 1, now, now + 1])).toBe(now + offset)
    }
    expect(matchStep(key, referenceHotp(key, now + 2), [now - 1, now, now + 1])).toBeNull()
  })

  it('counts 30-second steps of real time', () => {
    expect(stepAt(new Date(59_999))).toBe(1)
    expect(stepAt(new Date(60_000))).toBe(2)
  })

  it('takes only six ASCII digits as a code', () => {
    expect(isCodeShape('123456')).toBe(true)
    expect(isCodeShape('12345')).toBe(false)
    expect(isCodeShape('1234567')).toBe(false)
    expect(isCodeShape('12345a')).toBe(false)
  })
})
