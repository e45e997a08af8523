import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  decodeVaultKey,
  encodeVaultKey,
  generateVaultKey,
  keyMatchesCheck,
  openSecret,
  sealSecret,
  vaultKeyCheck,
} from '../src/crypto'

const id = '3f1c1c9e-2a4b-4c55-9d2e-0b6a1f7e8c11'
const otherId = '7d0e6d0a-8b1e-4a43-a0f6-5d2b8c3e9f10'
const secret = new TextEncoder().encode('12345678901234567890')

describe('vault crypto (AES-256-GCM, entry id as associated data)', () => {
  it('round-trips a secret', () => {
    const key = generateVaultKey(randomBytes)
    const sealed = sealSecret(key, secret, id, randomBytes)
    expect(Buffer.from(openSecret(key, sealed, id))).toEqual(Buffer.from(secret))
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12)
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16)
    expect(Buffer.from(sealed.data, 'base64')).not.toEqual(Buffer.from(secret))
  })

  it('uses a fresh IV for every encryption', () => {
    const key = generateVaultKey(randomBytes)
    const a = sealSecret(key, secret, id, randomBytes)
    const b = sealSecret(key, secret, id, randomBytes)
    expect(a.iv).not.toBe(b.iv)
    expect(a.data).not.toBe(b.data)
  })

  it('rejects the ciphertext under another entry id (associated data)', () => {
    const key = generateVaultKey(randomBytes)
    const sealed = sealSecret(key, secret, id, randomBytes)
    expect(() => openSecret(key, sealed, otherId)).toThrow()
  })

  it('rejects a tampered ciphertext, tag or IV, and a wrong key', () => {
    const key = generateVaultKey(randomBytes)
    const sealed = sealSecret(key, secret, id, randomBytes)
    const flip = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64')
      bytes[0] = (bytes[0] ?? 0) ^ 1
      return bytes.toString('base64')
    }
    expect(() => openSecret(key, { ...sealed, data: flip(sealed.data) }, id)).toThrow()
    expect(() => openSecret(key, { ...sealed, tag: flip(sealed.tag) }, id)).toThrow()
    expect(() => openSecret(key, { ...sealed, iv: flip(sealed.iv) }, id)).toThrow()
    expect(() => openSecret(generateVaultKey(randomBytes), sealed, id)).toThrow()
  })

  it('stores the key as base64 and refuses anything but 32 bytes', () => {
    const key = generateVaultKey(randomBytes)
    expect(decodeVaultKey(encodeVaultKey(key))).toEqual(key)
    expect(() => decodeVaultKey(Buffer.alloc(16).toString('base64'))).toThrow(
      /16 bytes; expected 32/,
    )
    expect(() => decodeVaultKey('not base64!')).toThrow(/not base64/)
  })

  it('key check recognises its own key only', () => {
    const key = generateVaultKey(randomBytes)
    const check = vaultKeyCheck(key)
    expect(keyMatchesCheck(key, check)).toBe(true)
    expect(keyMatchesCheck(generateVaultKey(randomBytes), check)).toBe(false)
    expect(check).not.toContain(encodeVaultKey(key))
  })
})
