import { describe, expect, it } from 'vitest'
import { generateLicenseKey, hashLicenseKey, parseLicenseKey } from '../../src/commerce/license-key'

describe('license keys', () => {
  it('have the documented shape and parse back to themselves', () => {
    const key = generateLicenseKey()
    expect(key).toMatch(/^MAG(-[0-9A-HJKMNP-TV-Z]{5}){4}$/)
    expect(parseLicenseKey(key)).toEqual({ ok: true, key })
  })

  it('are different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateLicenseKey()))
    expect(keys.size).toBe(200)
  })

  it('forgive case, spacing and look-alike letters', () => {
    const key = generateLicenseKey()
    const typed = key.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')
    expect(parseLicenseKey(typed)).toEqual({ ok: true, key })
    expect(parseLicenseKey(key.replace(/^MAG-/, ''))).toEqual({ ok: true, key })
  })

  it('detect a mistyped character by checksum', () => {
    const key = generateLicenseKey()
    let detected = 0
    const position = 6
    for (const replacement of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
      if (replacement === key[position]) continue
      const typo = key.slice(0, position) + replacement + key.slice(position + 1)
      if (!parseLicenseKey(typo).ok) detected++
    }
    // Two check characters leave a 1-in-1024 chance per typo; 31 typos all pass only by bug.
    expect(detected).toBeGreaterThanOrEqual(29)
    expect(parseLicenseKey(key.slice(0, -1) + (key.endsWith('0') ? '1' : '0'))).toEqual({
      ok: false,
      reason: 'checksum',
    })
  })

  it('refuses wrong length and foreign characters as format errors', () => {
    expect(parseLicenseKey('MAG-1234')).toEqual({ ok: false, reason: 'format' })
    expect(parseLicenseKey('MAG-UUUUU-UUUUU-UUUUU-UUUUU')).toEqual({ ok: false, reason: 'format' })
  })

  it('hash to a stable hex digest', () => {
    const key = generateLicenseKey()
    expect(hashLicenseKey(key)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashLicenseKey(key)).toBe(hashLicenseKey(key))
    expect(hashLicenseKey(key)).not.toBe(hashLicenseKey(generateLicenseKey()))
  })
})
