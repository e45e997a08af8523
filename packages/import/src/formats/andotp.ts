import { createHash, pbkdf2 } from 'node:crypto'
import { z } from 'zod'
import { GCM_KEY_BYTES, GCM_NONCE_BYTES, GCM_TAG_BYTES, openAesGcm } from '../aes-gcm'
import { accountName, quote, readAccounts, refuse, toImportedEntry } from '../account-fields'
import {
  ImportError,
  type ImportedEntry,
  type ImporterDefinition,
  type ImportInput,
  type ReadOutcome,
} from '../importer'
import { describeZodError, firstJsonByte, parseJsonBytes } from '../json-text'

/**
 * andOTP backups (andOTP/andOTP: Database/Entry.java, Utilities/BackupHelper.java):
 *
 *   plain (otp_accounts.json): a JSON array of
 *     { secret (base32), issuer, label, digits, type TOTP|HOTP|STEAM, algorithm SHA1|SHA256|SHA512,
 *       period (TOTP), counter (HOTP), tags [..], thumbnail, last_used, used_frequency }
 *   encrypted (otp_accounts.json.aes), current layout:
 *     4-byte big-endian PBKDF2 iteration count | 12-byte salt | 12-byte IV | AES-256-GCM
 *     ciphertext with its 16-byte tag appended; key = PBKDF2-HMAC-SHA1(password, salt, count,
 *     32 bytes). andOTP picks the count at random from 140 000–160 000.
 *   encrypted, old layout (older andOTP releases): 12-byte IV | ciphertext+tag, key =
 *     SHA-256(password UTF-8).
 *
 * Decisions where the format leaves room:
 * - JSON text (first non-space byte '[' or '{') is a plain backup; anything else is encrypted
 *   and needs a password. A plain backup must be an array.
 * - Recognised: a JSON array of objects that all have a string secret and label, or binary
 *   whose first four bytes are an iteration count in andOTP's range, or binary named *.aes.
 *   The old encrypted layout has no signature, so without its name it is not recognised
 *   (choose the format by hand).
 * - The current layout is tried first, then the old one (a SHA-256, cheap). An iteration count
 *   of 0 or above 500 000 (3× andOTP's most) rules out the current layout, so a crafted file
 *   cannot make PBKDF2 run for minutes.
 * - Neither layout opens → 'wrong-password'. GCM cannot tell a wrong password from a changed
 *   or cut file, so the message says both; a file too short to hold even the header and a
 *   tag is 'corrupt-file'.
 * - A missing type is TOTP, a missing algorithm SHA1, missing digits 6, a missing TOTP period
 *   30, as andOTP reads them; an HOTP entry without a counter is a problem, as in andOTP.
 *   An unknown type is a problem rather than andOTP's silent TOTP.
 * - STEAM entries are problems (not standard TOTP). The first tag becomes the group.
 * - A missing issuer (backups from before andOTP kept one) is empty; the label is kept whole
 *   rather than guessing an issuer out of it.
 */

const ITERATION_BYTES = 4
const SALT_BYTES = 12
const HEADER_BYTES = ITERATION_BYTES + SALT_BYTES + GCM_NONCE_BYTES
export const ANDOTP_ITERATIONS = { min: 140_000, max: 160_000 } as const
const MAX_ITERATIONS = 500_000
const MAX_FILE_BYTES = 16 * 1024 * 1024

const entrySchema = z.object({
  secret: z.string(),
  label: z.string(),
  issuer: z.string().nullish(),
  type: z.string().nullish(),
  algorithm: z.string().nullish(),
  digits: z.number().nullish(),
  period: z.number().nullish(),
  counter: z.number().nullish(),
  tags: z.array(z.unknown()).nullish(),
})

export const andOtpImporter: ImporterDefinition = {
  id: 'andotp',
  name: 'andOTP (plain or encrypted backup)',

  recognises(input: ImportInput): boolean {
    const { bytes } = input
    if (bytes.length > MAX_FILE_BYTES) return false
    const first = firstJsonByte(bytes)
    if (first === 0x5b) return looksLikePlainBackup(bytes)
    if (first === 0x7b || bytes.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) return false
    const iterations = readIterations(bytes)
    return (
      (bytes.length >= HEADER_BYTES + GCM_TAG_BYTES &&
        iterations >= ANDOTP_ITERATIONS.min &&
        iterations <= ANDOTP_ITERATIONS.max) ||
      /\.json\.aes$/i.test(input.fileName ?? '')
    )
  },

  async read(input: ImportInput, password?: string): Promise<ReadOutcome> {
    const { bytes } = input
    if (bytes.length > MAX_FILE_BYTES) corrupt('it is far larger than any andOTP backup')
    const first = firstJsonByte(bytes)
    if (first === 0x5b || first === 0x7b) {
      return preview(parseJsonBytes(bytes, 'This andOTP backup'))
    }
    if (bytes.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) {
      corrupt('it is too short to be an encrypted backup (cut short?)')
    }
    if (password === undefined) return { kind: 'needs-password' }
    const plaintext = (await openCurrentLayout(bytes, password)) ?? openOldLayout(bytes, password)
    if (!plaintext) {
      throw new ImportError(
        'wrong-password',
        'The password is wrong for this andOTP backup, or the file was changed or cut short.',
      )
    }
    return preview(parseJsonBytes(plaintext, 'This andOTP backup, once decrypted,'))
  },
}

function looksLikePlainBackup(bytes: Uint8Array): boolean {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return false
  }
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as Record<string, unknown>)['secret'] === 'string' &&
        typeof (item as Record<string, unknown>)['label'] === 'string',
    )
  )
}

function readIterations(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false)
}

async function openCurrentLayout(
  bytes: Uint8Array,
  password: string,
): Promise<Uint8Array | undefined> {
  if (bytes.length < HEADER_BYTES + GCM_TAG_BYTES) return undefined
  const iterations = readIterations(bytes)
  if (iterations < 1 || iterations > MAX_ITERATIONS) return undefined
  const salt = bytes.subarray(ITERATION_BYTES, ITERATION_BYTES + SALT_BYTES)
  const key = await deriveBackupKey(password, salt, iterations)
  return openAppendedTag(key, bytes.subarray(ITERATION_BYTES + SALT_BYTES))
}

function openOldLayout(bytes: Uint8Array, password: string): Uint8Array | undefined {
  const key = createHash('sha256').update(password, 'utf8').digest()
  return openAppendedTag(key, bytes)
}

/** IV | ciphertext | tag, the way javax.crypto's AES/GCM writes it after andOTP's IV. */
function openAppendedTag(key: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  if (sealed.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) return undefined
  return openAesGcm(key, {
    nonce: sealed.subarray(0, GCM_NONCE_BYTES),
    ciphertext: sealed.subarray(GCM_NONCE_BYTES, sealed.length - GCM_TAG_BYTES),
    tag: sealed.subarray(sealed.length - GCM_TAG_BYTES),
  })
}

/** PBKDF2-HMAC-SHA1 to a 256-bit key, as andOTP's backups derive it. */
export function deriveBackupKey(
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, 'utf8'), salt, iterations, GCM_KEY_BYTES, 'sha1', (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

function preview(content: unknown): ReadOutcome {
  if (!Array.isArray(content)) corrupt('it is not a list of accounts')
  if (content.length === 0) {
    throw new ImportError('no-entries', 'This andOTP backup holds no accounts.')
  }
  const read = readAccounts(content, readEntry, nameOf)
  return { kind: 'preview', preview: { format: 'andotp', ...read } }
}

function readEntry(raw: unknown): ImportedEntry {
  const parsed = entrySchema.safeParse(raw)
  if (!parsed.success) refuse(`The entry is malformed (${describeZodError(parsed.error)})`)
  const entry = parsed.data
  const type = (entry.type ?? 'TOTP').toUpperCase()
  if (type === 'STEAM') {
    refuse('Steam Guard accounts are not supported yet: this app makes TOTP and HOTP codes only')
  }
  if (type !== 'TOTP' && type !== 'HOTP') {
    refuse(`The entry's type ${quote(entry.type ?? '')} is not one the app knows`)
  }
  if (type === 'HOTP' && entry.counter == null) refuse('The HOTP entry has no counter')
  const firstTag = entry.tags?.find((tag): tag is string => typeof tag === 'string')

  return toImportedEntry({
    type: type === 'TOTP' ? 'totp' : 'hotp',
    issuer: entry.issuer ?? '',
    name: entry.label,
    secret: entry.secret,
    algorithm: entry.algorithm ?? 'SHA1',
    digits: entry.digits ?? 6,
    period: entry.period ?? 30,
    counter: entry.counter ?? 0,
    group: firstTag,
  })
}

function nameOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return ''
  const entry = raw as Record<string, unknown>
  return accountName(entry['issuer'], entry['label'])
}

function corrupt(why: string): never {
  throw new ImportError('corrupt-file', `This andOTP backup cannot be read: ${why}.`)
}
