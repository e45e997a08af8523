import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM as the backup formats use it: a 96-bit nonce and a 128-bit tag kept apart from
 * the ciphertext (Aegis stores them in the header; andOTP appends the tag), so both are
 * explicit here.
 */
export const GCM_KEY_BYTES = 32
export const GCM_NONCE_BYTES = 12
export const GCM_TAG_BYTES = 16

export type SealedBox = { ciphertext: Uint8Array; nonce: Uint8Array; tag: Uint8Array }

/** Encrypts under a fresh random nonce: a nonce is never reused under one key. */
export function sealAesGcm(key: Uint8Array, plaintext: Uint8Array): SealedBox {
  const nonce = randomBytes(GCM_NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES })
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { ciphertext, nonce, tag: cipher.getAuthTag() }
}

/**
 * Decrypts and authenticates. Returns undefined when the key is wrong or the data was changed:
 * GCM cannot tell these apart, so each format says which one it means.
 */
export function openAesGcm(key: Uint8Array, box: SealedBox): Uint8Array | undefined {
  if (
    key.length !== GCM_KEY_BYTES ||
    box.nonce.length !== GCM_NONCE_BYTES ||
    box.tag.length !== GCM_TAG_BYTES
  ) {
    return undefined
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.nonce, {
      authTagLength: GCM_TAG_BYTES,
    })
    decipher.setAuthTag(box.tag)
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()])
  } catch {
    return undefined
  }
}
