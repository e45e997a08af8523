import { scrypt } from 'node:crypto'
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
 * Aegis vault files, plain and password-encrypted, per Aegis's docs/vault.md:
 *
 *   { "version": 1,
 *     "header": { "slots": [slot...] | null, "params": { "nonce", "tag" } | null },
 *     "db": { "version", "entries": [...], "groups": [...] }      plain
 *         | "<base64 of AES-256-GCM(master key, db JSON)>"          encrypted }
 *
 *   password slot (type 1): scrypt(password UTF-8, salt, N, r, p) → 32-byte key that
 *   AES-256-GCM-decrypts `key` (hex) with key_params {nonce, tag} into the master key.
 *
 * Decisions where the format leaves room:
 * - Versions: the file version 1 and db versions 1–3 are read (3 is Aegis's current one, with
 *   `groups` as uuids into db.groups; 1–2 carry an entry's group as a name). Anything newer is
 *   'unsupported-version', as Aegis itself refuses it.
 * - Every password slot (type 1) is tried in file order, normal and backup ones alike; raw
 *   (0), biometric (2) and unknown slot types are skipped. A vault with no password slot is
 *   refused before asking for a password: its biometric key lives in the phone's keystore.
 * - scrypt parameters come from the slot, within limits no Aegis build approaches (Aegis
 *   always writes N=2^15, r=8, p=1): N a power of two up to 2^20, r ≤ 32, p ≤ 16, at most
 *   128 MiB, and at most 8× Aegis's work over all password slots together, so a crafted file
 *   cannot hang the app or exhaust memory. Beyond them, or when OpenSSL refuses the
 *   combination (it wants N < 2^(16·r)), the file is 'corrupt-file'.
 * - No slot opens → 'wrong-password'. A slot opens but the db does not → 'corrupt-file' (the
 *   password was right; the contents were changed or cut).
 * - Slots from Aegis builds before its issue #95 fix (`repaired: false`) may have been derived
 *   from the password plus trailing zero bytes; Aegis repairs them on its next unlock. That
 *   old derivation is not tried here: it depends on JVM buffer sizes, and such vaults are from
 *   2019. The user unlocks once in a current Aegis and exports again.
 * - Entries: totp and hotp are read; steam, motp and yandex are per-entry problems (their
 *   codes are not standard TOTP/HOTP). A malformed entry is a problem too, not a file fault.
 *   Of an entry's several groups, the first that db.groups names becomes the entry's group.
 *   Icons, notes and favourites are not imported.
 * - A vault with no entries at all is 'no-entries'.
 */

export const AEGIS_FILE_VERSION = 1
export const AEGIS_DB_VERSION = 3
const PASSWORD_SLOT = 1
const BIOMETRIC_SLOT = 2
/** Aegis vaults with icons run to a few MB; far above that is not a vault. */
const MAX_FILE_BYTES = 64 * 1024 * 1024
const MAX_SLOTS = 64

export type ScryptParams = { N: number; r: number; p: number }

/** What Aegis uses (docs/vault.md): the parameters Android uses for disk encryption. */
export const AEGIS_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }
export const SCRYPT_LIMITS = {
  maxN: 2 ** 20,
  maxR: 32,
  maxP: 16,
  maxMemoryBytes: 128 * 1024 * 1024,
  /** N·r·p summed over the slots tried: 8× Aegis's own (2^18), a second or so. */
  maxWork: 2 ** 21,
} as const

/** Why these parameters are refused, or undefined when they are within the limits. */
export function scryptParamsProblem({ N, r, p }: ScryptParams): string | undefined {
  if (!Number.isSafeInteger(N) || N < 2 || N > SCRYPT_LIMITS.maxN || (N & (N - 1)) !== 0) {
    return `N must be a power of two from 2 to 2^20`
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > SCRYPT_LIMITS.maxR) return 'r must be 1 to 32'
  if (!Number.isSafeInteger(p) || p < 1 || p > SCRYPT_LIMITS.maxP) return 'p must be 1 to 16'
  if (scryptMemory({ N, r, p }) > SCRYPT_LIMITS.maxMemoryBytes) return 'it needs over 128 MiB'
  if (N * r * p > SCRYPT_LIMITS.maxWork) return 'it asks for too much work'
  return undefined
}

/** The 32-byte key a password slot wraps the master key with. */
export function derivePasswordKey(
  password: string,
  salt: Uint8Array,
  params: ScryptParams,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(password, 'utf8'),
      salt,
      GCM_KEY_BYTES,
      // node refuses above maxmem (32 MiB by default, Aegis's exact need): allow our limit.
      { N: params.N, r: params.r, p: params.p, maxmem: scryptMemory(params) + 16 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    )
  })
}

function scryptMemory({ N, r, p }: ScryptParams): number {
  return 128 * N * r + 128 * r * p
}

const hexSchema = (bytes?: number) =>
  z
    .string()
    .regex(/^(?:[0-9a-fA-F]{2})*$/, 'Invalid input: expected hexadecimal bytes')
    .refine((text) => bytes === undefined || text.length === bytes * 2, {
      message: `Invalid input: expected ${bytes} bytes`,
    })

const cryptParamsSchema = z.object({
  nonce: hexSchema(GCM_NONCE_BYTES),
  tag: hexSchema(GCM_TAG_BYTES),
})

const fileVersionSchema = z.object({ version: z.number().int() })
const fileSchema = z.object({
  version: z.number().int(),
  header: z.object({
    slots: z.array(z.unknown()).max(MAX_SLOTS).nullish(),
    params: cryptParamsSchema.nullish(),
  }),
  db: z.union([z.string(), z.record(z.string(), z.unknown())]),
})

const slotTypeSchema = z.object({ type: z.number().int() })
const passwordSlotSchema = z.object({
  type: z.literal(PASSWORD_SLOT),
  key: hexSchema(GCM_KEY_BYTES),
  key_params: cryptParamsSchema,
  n: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: hexSchema().refine((salt) => salt.length >= 2 && salt.length <= 512, {
    message: 'Invalid input: expected 1 to 256 bytes',
  }),
})
type PasswordSlot = z.infer<typeof passwordSlotSchema>

const dbSchema = z.object({
  version: z.number().int(),
  entries: z.array(z.unknown()),
  groups: z.array(z.unknown()).optional(),
})
const groupSchema = z.object({ uuid: z.string(), name: z.string() })

const entryHeadSchema = z.object({ type: z.string() })
const entrySchema = z.object({
  type: z.enum(['totp', 'hotp']),
  name: z.string().nullish(),
  issuer: z.string().nullish(),
  group: z.string().nullish(),
  groups: z.array(z.string()).nullish(),
  info: z.object({
    secret: z.string(),
    algo: z.string(),
    digits: z.number(),
    period: z.number().optional(),
    counter: z.number().optional(),
  }),
})

/** Types Aegis supports whose codes are not standard TOTP/HOTP. */
const UNSUPPORTED_TYPES: Record<string, string> = {
  steam: 'Steam Guard accounts are not supported yet: this app makes TOTP and HOTP codes only',
  motp: 'mOTP accounts are not supported: this app makes TOTP and HOTP codes only',
  yandex: 'Yandex Key accounts are not supported: this app makes TOTP and HOTP codes only',
}

export const aegisImporter: ImporterDefinition = {
  id: 'aegis',
  name: 'Aegis (plain or encrypted vault JSON)',

  recognises(input: ImportInput): boolean {
    // Aegis vaults are JSON objects; anything else is not worth parsing.
    if (input.bytes.length > MAX_FILE_BYTES || firstJsonByte(input.bytes) !== 0x7b) return false
    let value: unknown
    try {
      value = JSON.parse(new TextDecoder().decode(input.bytes))
    } catch {
      return false
    }
    // The three top-level keys together, with header.slots present, are Aegis's signature.
    if (typeof value !== 'object' || value === null) return false
    const file = value as Record<string, unknown>
    const header = file['header']
    return (
      typeof file['version'] === 'number' &&
      'db' in file &&
      typeof header === 'object' &&
      header !== null &&
      'slots' in header
    )
  },

  async read(input: ImportInput, password?: string): Promise<ReadOutcome> {
    const file = parseVaultFile(input.bytes)
    const { slots, params } = file.header
    if (slots == null && params == null) {
      if (typeof file.db === 'string') corrupt('its header says plain but its contents are not')
      return preview(file.db)
    }
    if (slots == null || params == null || typeof file.db !== 'string') {
      corrupt('its header is half plain and half encrypted')
    }

    const passwordSlots = readPasswordSlots(slots)
    const ciphertext = decodeBase64(file.db)
    if (password === undefined) return { kind: 'needs-password' }

    const masterKey = await unlockMasterKey(passwordSlots, password)
    const plaintext = openAesGcm(masterKey, {
      ciphertext,
      nonce: hexBytes(params.nonce),
      tag: hexBytes(params.tag),
    })
    if (!plaintext) {
      corrupt('the password is right, but its contents were changed or cut short')
    }
    return preview(parseJsonBytes(plaintext, 'This Aegis vault, once decrypted,'))
  },
}

function parseVaultFile(bytes: Uint8Array): z.infer<typeof fileSchema> {
  if (bytes.length > MAX_FILE_BYTES) corrupt('it is far larger than any Aegis vault')
  const value = parseJsonBytes(bytes, 'This Aegis vault')
  const version = fileVersionSchema.safeParse(value)
  if (version.success && version.data.version > AEGIS_FILE_VERSION) {
    throw new ImportError(
      'unsupported-version',
      `This Aegis vault is version ${version.data.version}, newer than the app reads (${AEGIS_FILE_VERSION}). Update the app, or export from Aegis again.`,
    )
  }
  const file = fileSchema.safeParse(value)
  if (!file.success) corrupt(`it is not a vault file (${describeZodError(file.error)})`)
  if (file.data.version < 1) corrupt(`its version ${file.data.version} does not exist`)
  return file.data
}

function readPasswordSlots(slots: unknown[]): PasswordSlot[] {
  const found: PasswordSlot[] = []
  let biometric = false
  let work = 0
  for (const slot of slots) {
    const head = slotTypeSchema.safeParse(slot)
    if (!head.success) corrupt(`a key slot is malformed (${describeZodError(head.error)})`)
    if (head.data.type === BIOMETRIC_SLOT) biometric = true
    if (head.data.type !== PASSWORD_SLOT) continue
    const parsed = passwordSlotSchema.safeParse(slot)
    if (!parsed.success) {
      corrupt(`its password slot is malformed (${describeZodError(parsed.error)})`)
    }
    const params = { N: parsed.data.n, r: parsed.data.r, p: parsed.data.p }
    const problem = scryptParamsProblem(params)
    if (problem) corrupt(`its password slot's scrypt parameters are out of range: ${problem}`)
    work += params.N * params.r * params.p
    if (work > SCRYPT_LIMITS.maxWork) corrupt('its password slots ask for too much work')
    found.push(parsed.data)
  }
  if (found.length === 0) {
    throw new ImportError(
      'corrupt-file',
      biometric
        ? 'This Aegis vault can only be unlocked by fingerprint on the phone that made it. In Aegis, set a password (Settings → Security), export again, and import that file.'
        : 'This Aegis vault has no password slot, so no password can unlock it. In Aegis, set a password, export again, and import that file.',
    )
  }
  return found
}

async function unlockMasterKey(slots: PasswordSlot[], password: string): Promise<Uint8Array> {
  for (const slot of slots) {
    let slotKey: Uint8Array
    try {
      slotKey = await derivePasswordKey(password, hexBytes(slot.salt), {
        N: slot.n,
        r: slot.r,
        p: slot.p,
      })
    } catch {
      // OpenSSL refuses some combinations within our limits (N ≥ 2^(16·r)).
      corrupt('its password slot has scrypt parameters that cannot be used')
    }
    const masterKey = openAesGcm(slotKey, {
      ciphertext: hexBytes(slot.key),
      nonce: hexBytes(slot.key_params.nonce),
      tag: hexBytes(slot.key_params.tag),
    })
    if (masterKey) return masterKey
  }
  throw new ImportError('wrong-password', 'The password is wrong for this Aegis vault.')
}

function preview(content: unknown): ReadOutcome {
  const db = dbSchema.safeParse(content)
  if (!db.success) corrupt(`its contents are not an Aegis database (${describeZodError(db.error)})`)
  const { version, entries, groups = [] } = db.data
  if (version > AEGIS_DB_VERSION) {
    throw new ImportError(
      'unsupported-version',
      `This Aegis vault's contents are version ${version}, newer than the app reads (${AEGIS_DB_VERSION}). Update the app, or export from an older Aegis.`,
    )
  }
  if (version < 1) corrupt(`its contents' version ${version} does not exist`)
  if (entries.length === 0) {
    throw new ImportError('no-entries', 'This Aegis vault holds no accounts.')
  }

  const groupNames = new Map<string, string>()
  for (const group of groups) {
    const parsed = groupSchema.safeParse(group)
    if (parsed.success && !groupNames.has(parsed.data.uuid)) {
      groupNames.set(parsed.data.uuid, parsed.data.name)
    }
  }

  const read = readAccounts(entries, (entry) => readEntry(entry, groupNames), nameOf)
  return { kind: 'preview', preview: { format: 'aegis', ...read } }
}

function readEntry(raw: unknown, groupNames: Map<string, string>): ImportedEntry {
  const head = entryHeadSchema.safeParse(raw)
  if (!head.success) refuse(`The entry is malformed (${describeZodError(head.error)})`)
  const unsupported = UNSUPPORTED_TYPES[head.data.type]
  if (unsupported) refuse(unsupported)
  if (head.data.type !== 'totp' && head.data.type !== 'hotp') {
    refuse(`The entry's type ${quote(head.data.type)} is not one the app knows`)
  }
  const parsed = entrySchema.safeParse(raw)
  if (!parsed.success) refuse(`The entry is malformed (${describeZodError(parsed.error)})`)
  const entry = parsed.data
  const { info } = entry
  if (entry.type === 'totp' && info.period === undefined) refuse('The entry has no period')
  if (entry.type === 'hotp' && info.counter === undefined) refuse('The entry has no counter')

  // db version 3 lists group uuids; versions 1–2 name the group on the entry.
  const group =
    entry.groups != null
      ? entry.groups.map((uuid) => groupNames.get(uuid)).find((name) => name !== undefined)
      : (entry.group ?? undefined)

  return toImportedEntry({
    type: entry.type,
    issuer: entry.issuer ?? '',
    name: entry.name ?? '',
    secret: info.secret,
    algorithm: info.algo,
    digits: info.digits,
    period: info.period ?? 30,
    counter: info.counter ?? 0,
    group,
  })
}

function nameOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return ''
  const entry = raw as Record<string, unknown>
  return accountName(entry['issuer'], entry['name'])
}

function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '')
  // Buffer.from ignores stray characters; a damaged file must not decode to something else.
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    corrupt('its encrypted contents are not valid base64')
  }
  return Buffer.from(clean, 'base64')
}

function hexBytes(hex: string): Uint8Array {
  return Buffer.from(hex, 'hex')
}

function corrupt(why: string): never {
  throw new ImportError('corrupt-file', `This Aegis vault cannot be read: ${why}.`)
}
