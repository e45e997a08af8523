import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto'

/** Ciphertext of one entry secret as stored: all fields base64. */
export interface SealedSecret {
  iv: string
  tag: string
  data: string
}

export type RandomBytes = (size: number) => Uint8Array

export const VAULT_KEY_BYTES = 32
export const IV_BYTES = 12
export const TAG_BYTES = 16
const ALGORITHM = 'aes-256-gcm'

export class VaultKeyFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'VaultKeyFormatError'
  }
}

export function generateVaultKey(randomBytes: RandomBytes): Buffer {
  return Buffer.from(randomBytes(VAULT_KEY_BYTES))
}

export function encodeVaultKey(key: Uint8Array): string {
  return Buffer.from(key).toString('base64')
}

/** The keychain holds text; anything but 32 bytes of base64 is not our key. */
export function decodeVaultKey(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new VaultKeyFormatError('The vault key in the keychain is not base64.')
  }
  const key = Buffer.from(text, 'base64')
  if (key.length !== VAULT_KEY_BYTES) {
    throw new VaultKeyFormatError(
      `The vault key in the keychain has ${key.length} bytes; expected ${VAULT_KEY_BYTES}.`,
    )
  }
  return key
}

/**
 * What a ciphertext is bound to: bytes (the vault passes its entry's details, see
 * entry-binding.ts), or text taken as UTF-8 (version-1 files used the bare entry id).
 */
export type AssociatedData = Uint8Array | string

function aadBytes(associatedData: AssociatedData): Buffer {
  return typeof associatedData === 'string'
    ? Buffer.from(associatedData, 'utf8')
    : Buffer.from(associatedData.buffer, associatedData.byteOffset, associatedData.byteLength)
}

/**
 * Encrypts one secret, bound to `associatedData`: a ciphertext copied onto another entry, or
 * left under changed details, fails to decrypt instead of silently producing wrong codes.
 */
export function sealSecret(
  key: Uint8Array,
  plaintext: Uint8Array,
  associatedData: AssociatedData,
  randomBytes: RandomBytes,
): SealedSecret {
  const iv = Buffer.from(randomBytes(IV_BYTES))
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(aadBytes(associatedData))
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  }
}

/** Throws when the key, the associated data or any byte of the ciphertext is wrong. */
export function openSecret(
  key: Uint8Array,
  sealed: SealedSecret,
  associatedData: AssociatedData,
): Uint8Array {
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'), {
    authTagLength: TAG_BYTES,
  })
  decipher.setAAD(aadBytes(associatedData))
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
  const plain = Buffer.concat([
    decipher.update(Buffer.from(sealed.data, 'base64')),
    decipher.final(),
  ])
  return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength)
}

/**
 * A public fingerprint of the vault key, kept in the data file so a different key (a reset
 * keyring, another machine's key) is recognised at open even when there are no entries to
 * try. An HMAC of a constant under a random 256-bit key reveals nothing about the key.
 */
export function vaultKeyCheck(key: Uint8Array): string {
  return createHmac('sha256', key).update('MAG Authenticator vault key check v1').digest('base64')
}

export function keyMatchesCheck(key: Uint8Array, check: string): boolean {
  const expected = Buffer.from(vaultKeyCheck(key), 'base64')
  const actual = Buffer.from(check, 'base64')
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
