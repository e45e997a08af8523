import { createCipheriv, createDecipheriv, scrypt as scryptCallback } from 'node:crypto'
import { z } from 'zod'
import { decodeVaultKey, IV_BYTES, TAG_BYTES, VAULT_KEY_BYTES, type RandomBytes } from './crypto'
import { MAX_VAULT_PASSWORD_LENGTH, MIN_VAULT_PASSWORD_LENGTH } from './password-rules'

/*
 * The optional password slot: the vault key, wrapped (AES-256-GCM) under a key derived from
 * the user's password, stored in the keychain item instead of the bare key. A copy of the
 * keychain item and the data file is then not enough to read the secrets.
 *
 * KDF: scrypt from Node's own crypto (no native dependency), with Aegis's password-slot
 * parameters N = 2^15, r = 8, p = 1 (32 MiB; 0.3–0.55 s a run, measured on the shared
 * 2-core CI-like machine under load). The parameters
 * and the salt are stored with the slot, so they can be raised later without breaking old
 * slots. The KDF's cost is what makes guessing slow: every attempt, in the app or offline
 * against a copied item, costs one full derivation; there is no attempt counter to reset.
 */

const SLOT_FORMAT = 'mag-vault-key-slot'
const SALT_BYTES = 32
const WRAP_ALGORITHM = 'aes-256-gcm'

/** Aegis's password-slot parameters (see above). */
export const DEFAULT_SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const

const base64Bytes = (length: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
    .refine((text) => Buffer.from(text, 'base64').length === length, `must be ${length} bytes`)

/**
 * The keychain item is untrusted input (anything with keychain access can write it): the
 * parameters are bounded so a planted slot cannot make unlock allocate gigabytes.
 */
const scryptParamsSchema = z.strictObject({
  N: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
})
export type ScryptParams = z.infer<typeof scryptParamsSchema>

export const passwordSlotSchema = z.strictObject({
  format: z.literal(SLOT_FORMAT),
  version: z.literal(1),
  kdf: z.literal('scrypt'),
  params: scryptParamsSchema,
  salt: base64Bytes(SALT_BYTES),
  nonce: base64Bytes(IV_BYTES),
  wrappedKey: base64Bytes(VAULT_KEY_BYTES),
  tag: base64Bytes(TAG_BYTES),
})
export type PasswordSlot = z.infer<typeof passwordSlotSchema>

/** What a new password must be: checked before anything is derived or written. */
export const newPasswordSchema = z
  .string()
  .min(
    MIN_VAULT_PASSWORD_LENGTH,
    `The password must have at least ${MIN_VAULT_PASSWORD_LENGTH} characters`,
  )
  .max(
    MAX_VAULT_PASSWORD_LENGTH,
    `The password must have at most ${MAX_VAULT_PASSWORD_LENGTH} characters`,
  )

/** What the keychain item holds: the bare key (no password) or a password slot. */
export type KeychainItem = { kind: 'key'; key: Buffer } | { kind: 'slot'; slot: PasswordSlot }

export class PasswordSlotFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PasswordSlotFormatError'
  }
}

/**
 * A bare key is base64 and never starts with '{'; a slot is JSON. Throws VaultKeyFormatError
 * or PasswordSlotFormatError for anything else (never echoing the item's content).
 */
export function parseKeychainItem(text: string): KeychainItem {
  if (!text.startsWith('{')) return { kind: 'key', key: decodeVaultKey(text) }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new PasswordSlotFormatError('The password slot in the keychain is not valid JSON.')
  }
  const parsed = passwordSlotSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new PasswordSlotFormatError(
      `The password slot in the keychain is malformed (${issue?.path.join('.') || 'slot'}: ${issue?.message ?? 'invalid'}).`,
    )
  }
  return { kind: 'slot', slot: parsed.data }
}

export function serializePasswordSlot(slot: PasswordSlot): string {
  return JSON.stringify(slot)
}

function deriveKey(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // Node refuses anything above maxmem (32 MiB by default, exactly N=2^15,r=8's need).
  const maxmem = 256 * params.N * params.r + 128 * params.r * params.p
  return new Promise((resolve, reject) => {
    scryptCallback(
      password.normalize('NFC'),
      salt,
      32,
      { N: params.N, r: params.r, p: params.p, maxmem },
      (err, derived) => (err ? reject(err) : resolve(derived)),
    )
  })
}

/**
 * The slot's header is the wrap's associated data: a slot whose parameters or salt were
 * edited fails the tag check like a wrong password, instead of deriving something else.
 */
function slotAssociatedData(
  slot: Pick<PasswordSlot, 'format' | 'version' | 'kdf' | 'params' | 'salt'>,
): Buffer {
  const { format, version, kdf, params, salt } = slot
  return Buffer.from(
    JSON.stringify([format, version, kdf, params.N, params.r, params.p, salt]),
    'utf8',
  )
}

/** Wraps the vault key under `password` with a fresh salt and nonce. */
export async function wrapVaultKey(
  vaultKey: Uint8Array,
  password: string,
  randomBytes: RandomBytes,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<PasswordSlot> {
  const salt = Buffer.from(randomBytes(SALT_BYTES))
  const nonce = Buffer.from(randomBytes(IV_BYTES))
  const header = {
    format: SLOT_FORMAT,
    version: 1,
    kdf: 'scrypt',
    params: { N: params.N, r: params.r, p: params.p },
    salt: salt.toString('base64'),
  } as const
  const wrappingKey = await deriveKey(password, salt, header.params)
  try {
    const cipher = createCipheriv(WRAP_ALGORITHM, wrappingKey, nonce, {
      authTagLength: TAG_BYTES,
    })
    cipher.setAAD(slotAssociatedData(header))
    const wrapped = Buffer.concat([cipher.update(vaultKey), cipher.final()])
    return {
      ...header,
      nonce: nonce.toString('base64'),
      wrappedKey: wrapped.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    }
  } finally {
    wrappingKey.fill(0)
  }
}

/** The vault key, or null when the password is wrong (or the slot was changed). */
export async function unwrapVaultKey(slot: PasswordSlot, password: string): Promise<Buffer | null> {
  const wrappingKey = await deriveKey(password, Buffer.from(slot.salt, 'base64'), slot.params)
  try {
    const decipher = createDecipheriv(
      WRAP_ALGORITHM,
      wrappingKey,
      Buffer.from(slot.nonce, 'base64'),
      {
        authTagLength: TAG_BYTES,
      },
    )
    decipher.setAAD(slotAssociatedData(slot))
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'))
    return Buffer.concat([
      decipher.update(Buffer.from(slot.wrappedKey, 'base64')),
      decipher.final(),
    ])
  } catch {
    return null
  } finally {
    wrappingKey.fill(0)
  }
}
