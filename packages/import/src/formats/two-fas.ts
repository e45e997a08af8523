import { pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
import type { OtpType } from '@mag/otp/parameters'
import { z } from 'zod'
import { accountName, quote, readAccounts, refuse, toImportedEntry } from '../account-fields'
import {
  GCM_KEY_BYTES,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  openAesGcm,
  type SealedBox,
} from '../aes-gcm'
import { decodeBase64Text } from '../base64-text'
import {
  ImportError,
  type ImportedEntry,
  type ImporterDefinition,
  type ImportInput,
  type ReadOutcome,
} from '../importer'
import { describeZodError, firstJsonByte, parseJsonBytes } from '../json-text'

/**
 * 2FAS Authenticator backups (`.2fas`), as the 2FAS apps write them (twofas/2fas-android:
 * BackupContent, BackupService, BackupCipherImpl, BackupKeyGeneratorPbkdf, CipherAes):
 *
 *   { "schemaVersion": 4, "appOrigin", "appVersionCode", "groups": [{ "id", "name" }],
 *     "services": [{ "name", "secret" (base32), "groupId",
 *                    "otp": { "account", "label", "issuer", "digits", "period",
 *                             "algorithm", "counter", "tokenType": TOTP | HOTP | STEAM } }],
 *     "servicesEncrypted": "<base64 ciphertext+tag>:<base64 salt>:<base64 iv>",   encrypted
 *     "reference":         "<same layout: a fixed text under the same key>" }      only
 *
 *   key = PBKDF2-HMAC-SHA256(password UTF-8, salt, 10000 iterations, 32 bytes);
 *   AES-256-GCM, 96-bit iv, 128-bit tag appended to the ciphertext. The plaintext of
 *   servicesEncrypted is the JSON array `services` would hold.
 *
 * Decisions where the format leaves room:
 * - schemaVersion 1–4 are read (4 is what 2FAS writes today; the services layout is the same
 *   throughout); a newer one is 'unsupported-version', checked before anything else.
 * - A non-empty `servicesEncrypted` makes the file encrypted, and its `services` (which 2FAS
 *   leaves empty) are ignored. Its layout is checked before asking for the password, so a
 *   damaged file says so instead of asking.
 * - The password is checked against `reference` first (that is what 2FAS puts it there for):
 *   if the reference does not open, 'wrong-password'; if it opens but the services do not,
 *   'corrupt-file' (the password was right; the contents were changed or cut). The reference's
 *   text itself is not compared: GCM already proved the key. A file without a reference has
 *   only the services to try, and a failure there is 'wrong-password'.
 * - Each part carries its own salt; 2FAS uses one salt for both, so the key is derived once.
 *   At most two keys are derived per read (10000 rounds each), so a crafted file cannot make
 *   the app work much longer than a real one. A salt over 1 KiB is refused as damage (2FAS
 *   writes 256 bytes).
 * - Per service: tokenType TOTP (also when absent) or HOTP; STEAM is a problem (Steam Guard
 *   codes are not standard TOTP), as is any other type. algorithm absent → SHA1, digits
 *   absent → 6, period absent → 30 s, HOTP counter absent → 0, as 2FAS defaults them.
 * - Names: the issuer is the service's `name` (what 2FAS shows, and the user may have edited),
 *   else `otp.issuer`; the account is `otp.account`, else `otp.label`.
 * - `groupId` becomes the group's name from `groups`; icons, badges and order are not imported.
 * - A malformed service is a problem; a backup with no services at all is 'no-entries'.
 */

export const TWO_FAS_SCHEMA_VERSION = 4
export const TWO_FAS_PBKDF2_ITERATIONS = 10_000
const MAX_FILE_BYTES = 64 * 1024 * 1024
const MAX_SALT_BYTES = 1024

const headSchema = z.object({ schemaVersion: z.number() })
const fileSchema = z.object({
  schemaVersion: z.number().int(),
  services: z.array(z.unknown()).nullish(),
  servicesEncrypted: z.string().nullish(),
  reference: z.string().nullish(),
  groups: z.array(z.unknown()).nullish(),
})
const groupSchema = z.object({ id: z.string(), name: z.string() })
const serviceSchema = z.object({
  name: z.string().nullish(),
  secret: z.string(),
  groupId: z.string().nullish(),
  otp: z
    .object({
      account: z.string().nullish(),
      label: z.string().nullish(),
      issuer: z.string().nullish(),
      digits: z.number().nullish(),
      period: z.number().nullish(),
      algorithm: z.string().nullish(),
      counter: z.number().nullish(),
      tokenType: z.string().nullish(),
    })
    .nullish(),
})

type EncryptedPart = SealedBox & { salt: Uint8Array }

export const twoFasImporter: ImporterDefinition = {
  id: '2fas',
  name: '2FAS Authenticator (.2fas backup, plain or encrypted)',

  recognises(input: ImportInput): boolean {
    if (input.bytes.length > MAX_FILE_BYTES || firstJsonByte(input.bytes) !== 0x7b) return false
    let value: unknown
    try {
      value = JSON.parse(new TextDecoder().decode(input.bytes))
    } catch {
      return false
    }
    if (typeof value !== 'object' || value === null) return false
    const file = value as Record<string, unknown>
    // schemaVersion with services or servicesEncrypted is 2FAS's signature.
    return (
      typeof file['schemaVersion'] === 'number' &&
      (Array.isArray(file['services']) || typeof file['servicesEncrypted'] === 'string')
    )
  },

  async read(input: ImportInput, password?: string): Promise<ReadOutcome> {
    const file = parseBackupFile(input.bytes)
    if (!file.servicesEncrypted) return preview(file.services ?? [], file.groups ?? [])

    const services = parsePart(file.servicesEncrypted, 'its servicesEncrypted field')
    const reference = file.reference ? parsePart(file.reference, 'its reference field') : undefined
    if (password === undefined) return { kind: 'needs-password' }

    const keys = new Map<string, Uint8Array>()
    const keyFor = async (salt: Uint8Array): Promise<Uint8Array> => {
      const id = Buffer.from(salt).toString('hex')
      const known = keys.get(id)
      if (known) return known
      const key = await derivePbkdf2(
        password,
        salt,
        TWO_FAS_PBKDF2_ITERATIONS,
        GCM_KEY_BYTES,
        'sha256',
      )
      keys.set(id, key)
      return key
    }

    if (reference && !openAesGcm(await keyFor(reference.salt), reference)) wrongPassword()
    const plaintext = openAesGcm(await keyFor(services.salt), services)
    if (!plaintext) {
      if (!reference) wrongPassword()
      corrupt('the password is right, but its services were changed or cut short')
    }
    const decrypted = parseJsonBytes(plaintext, 'This 2FAS backup’s decrypted services')
    if (!Array.isArray(decrypted)) corrupt('its decrypted services are not a list')
    return preview(decrypted, file.groups ?? [])
  },
}

const derivePbkdf2 = promisify(pbkdf2)

function parseBackupFile(bytes: Uint8Array): z.infer<typeof fileSchema> {
  if (bytes.length > MAX_FILE_BYTES) corrupt('it is far larger than any 2FAS backup')
  const value = parseJsonBytes(bytes, 'This 2FAS backup')
  const head = headSchema.safeParse(value)
  if (head.success && head.data.schemaVersion > TWO_FAS_SCHEMA_VERSION) {
    throw new ImportError(
      'unsupported-version',
      `This 2FAS backup is schema version ${head.data.schemaVersion}, newer than the app reads (${TWO_FAS_SCHEMA_VERSION}). Update the app.`,
    )
  }
  const file = fileSchema.safeParse(value)
  if (!file.success) corrupt(`it is not a 2FAS backup (${describeZodError(file.error)})`)
  if (file.data.schemaVersion < 1) {
    corrupt(`its schema version ${file.data.schemaVersion} does not exist`)
  }
  return file.data
}

/** "base64(ciphertext+tag):base64(salt):base64(iv)", checked before any key is derived. */
function parsePart(text: string, what: string): EncryptedPart {
  const parts = text.split(':')
  if (parts.length !== 3) corrupt(`${what} is not in three parts (data:salt:iv)`)
  const [data, salt, iv] = parts.map((part) => decodeBase64Text(part))
  if (!data || !salt || !iv) corrupt(`${what} is not valid base64`)
  if (data.length < GCM_TAG_BYTES) corrupt(`${what} is cut short`)
  if (salt.length === 0 || salt.length > MAX_SALT_BYTES) {
    corrupt(`${what} has a salt of ${salt.length} bytes (2FAS writes 256)`)
  }
  if (iv.length !== GCM_NONCE_BYTES) {
    corrupt(`${what} has an iv of ${iv.length} bytes (2FAS writes ${GCM_NONCE_BYTES})`)
  }
  return {
    ciphertext: data.subarray(0, data.length - GCM_TAG_BYTES),
    tag: data.subarray(data.length - GCM_TAG_BYTES),
    nonce: iv,
    salt,
  }
}

function preview(services: unknown[], groups: unknown[]): ReadOutcome {
  if (services.length === 0) {
    throw new ImportError('no-entries', 'This 2FAS backup holds no accounts.')
  }
  const groupNames = new Map<string, string>()
  for (const group of groups) {
    const parsed = groupSchema.safeParse(group)
    if (parsed.success && !groupNames.has(parsed.data.id)) {
      groupNames.set(parsed.data.id, parsed.data.name)
    }
  }
  const read = readAccounts(services, (service) => readService(service, groupNames), nameOf)
  return { kind: 'preview', preview: { format: '2fas', ...read } }
}

function readService(raw: unknown, groupNames: Map<string, string>): ImportedEntry {
  const parsed = serviceSchema.safeParse(raw)
  if (!parsed.success) refuse(`The service is malformed (${describeZodError(parsed.error)})`)
  const service = parsed.data
  const otp = service.otp ?? {}
  const type = tokenType(otp.tokenType ?? 'TOTP')
  return toImportedEntry({
    type,
    issuer: issuerOf(service.name, otp.issuer),
    name: otp.account ?? otp.label ?? '',
    secret: service.secret,
    algorithm: otp.algorithm ?? 'SHA1',
    digits: otp.digits ?? 6,
    period: otp.period ?? 30,
    counter: otp.counter ?? 0,
    group: service.groupId ? groupNames.get(service.groupId) : undefined,
  })
}

function tokenType(value: string): OtpType {
  switch (value.trim().toUpperCase()) {
    case 'TOTP':
      return 'totp'
    case 'HOTP':
      return 'hotp'
    case 'STEAM':
      return refuse('Steam Guard codes are not supported: this app makes TOTP and HOTP codes only')
    default:
      return refuse(`The service's token type ${quote(value)} is not one the app knows`)
  }
}

function issuerOf(name: string | null | undefined, issuer: string | null | undefined): string {
  const shown = name?.trim() ?? ''
  return shown !== '' ? shown : (issuer ?? '')
}

function nameOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return ''
  const service = raw as Record<string, unknown>
  const otp = (typeof service['otp'] === 'object' && service['otp']) || {}
  const fields = otp as Record<string, unknown>
  const issuer =
    typeof service['name'] === 'string' && service['name'].trim() !== ''
      ? service['name']
      : fields['issuer']
  return accountName(issuer, fields['account'] ?? fields['label'])
}

function wrongPassword(): never {
  throw new ImportError('wrong-password', 'The password is wrong for this 2FAS backup.')
}

function corrupt(why: string): never {
  throw new ImportError('corrupt-file', `This 2FAS backup cannot be read: ${why}.`)
}
