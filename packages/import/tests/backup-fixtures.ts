import fc from 'fast-check'
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto'
import { decodeBase32 } from '@mag/otp'
import { expect } from 'vitest'
import { openAesGcm } from '../src/aes-gcm'
import { derivePasswordKey } from '../src/formats/aegis'
import { ImportError, type ImportedEntry, type ImportPreview, type ReadOutcome } from '../src'

/**
 * Files built from the formats' published descriptions (Aegis docs/vault.md, andOTP's
 * Entry.java and BackupHelper.java), by hand or with node:crypto, never copied from an app.
 */

/** scrypt parameters small enough for many calls per test; the reader takes them from the file. */
export const FAST_SCRYPT = { N: 16, r: 1, p: 1 }

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text)

export const SECRETS = [
  'JBSWY3DPEHPK3PXP',
  'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI',
] as const

export function sampleEntries(): ImportedEntry[] {
  return [
    {
      type: 'totp',
      issuer: 'GitHub',
      label: 'alice@example.com',
      secret: decodeBase32(SECRETS[0]),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      group: 'Work',
    },
    {
      type: 'totp',
      issuer: 'ACME Co',
      label: 'john.doe',
      secret: decodeBase32(SECRETS[1]),
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
      counter: 0,
    },
    {
      type: 'hotp',
      issuer: '',
      label: 'bank: savings',
      secret: decodeBase32(SECRETS[2]),
      algorithm: 'SHA512',
      digits: 7,
      period: 30,
      counter: 12345,
      group: 'Work',
    },
    {
      type: 'totp',
      issuer: 'Zürich ✓',
      label: 'ünïcödé',
      secret: decodeBase32(SECRETS[3]),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      group: 'Private',
    },
  ]
}

/** Text as the vault keeps it: trimmed, within its limits. */
const text = (max: number) =>
  fc
    .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }))
    .map((value) => value.trim())
    .filter((value) => value.length <= max)

/** Any entry the vault could hold, and so could export. */
export const storableEntry: fc.Arbitrary<ImportedEntry> = fc
  .record({
    type: fc.constantFrom('totp' as const, 'hotp' as const),
    issuer: text(200),
    label: text(200).filter((value) => value !== ''),
    secret: fc.uint8Array({ minLength: 10, maxLength: 128 }),
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.integer({ min: 1, max: 3600 }),
    counter: fc.maxSafeNat(),
    group: fc.option(
      text(100).filter((value) => value !== ''),
      { nil: undefined },
    ),
  })
  .map(({ group, ...entry }) => ({
    ...entry,
    period: entry.type === 'totp' ? entry.period : 30,
    counter: entry.type === 'hotp' ? entry.counter : 0,
    ...(group === undefined ? {} : { group }),
  }))

/** An Aegis db entry as docs/vault.md shows one. */
export function aegisEntry(
  overrides: Partial<{
    type: string
    name: string
    issuer: string
    secret: string
    algo: string
    digits: number
    period: number
    counter: number
    groups: string[]
    group: string | null
  }> = {},
): Record<string, unknown> {
  const type = overrides.type ?? 'totp'
  const info: Record<string, unknown> = {
    secret: overrides.secret ?? SECRETS[0],
    algo: overrides.algo ?? 'SHA1',
    digits: overrides.digits ?? 6,
  }
  if (type === 'hotp') info['counter'] = overrides.counter ?? 0
  else info['period'] = overrides.period ?? 30
  const entry: Record<string, unknown> = {
    type,
    uuid: '01234567-89ab-cdef-0123-456789abcdef',
    name: overrides.name ?? 'Bob',
    issuer: overrides.issuer ?? 'Google',
    icon: null,
    info,
  }
  if (overrides.groups) entry['groups'] = overrides.groups
  if (overrides.group !== undefined) entry['group'] = overrides.group
  return entry
}

export function aegisPlainVault(
  entries: unknown[],
  {
    fileVersion = 1,
    dbVersion = 1,
    groups,
  }: { fileVersion?: number; dbVersion?: number; groups?: unknown[] } = {},
): Uint8Array {
  const db: Record<string, unknown> = { version: dbVersion, entries }
  if (groups) db['groups'] = groups
  return bytesOf(
    JSON.stringify({ version: fileVersion, header: { slots: null, params: null }, db }, null, 4),
  )
}

/** An andOTP backup entry as Entry.toJSON writes one. */
export function andOtpEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    secret: `${SECRETS[0]}`,
    issuer: 'GitHub',
    label: 'alice',
    digits: 6,
    type: 'TOTP',
    algorithm: 'SHA1',
    thumbnail: 'Default',
    last_used: 0,
    used_frequency: 0,
    period: 30,
    tags: [],
    ...overrides,
  }
}

/** The current encrypted layout: iterations | salt | IV | ciphertext | tag. */
export function andOtpEncrypted(plain: string, password: string, iterations = 1000): Uint8Array {
  const salt = randomBytes(12)
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha1')
  const head = Buffer.alloc(4)
  head.writeUInt32BE(iterations)
  return Buffer.concat([head, salt, sealWithAppendedTag(key, Buffer.from(plain, 'utf8'))])
}

/** The old encrypted layout: IV | ciphertext | tag under SHA-256(password). */
export function andOtpEncryptedOld(plain: string, password: string): Uint8Array {
  const key = createHash('sha256').update(password, 'utf8').digest()
  return sealWithAppendedTag(key, Buffer.from(plain, 'utf8'))
}

function sealWithAppendedTag(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()])
}

export function expectPreview(outcome: ReadOutcome): ImportPreview {
  if (outcome.kind !== 'preview') throw new Error(`expected a preview, got ${outcome.kind}`)
  return outcome.preview
}

export async function importErrorOf(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError)
    return error as ImportError
  }
  throw new Error('expected an ImportError')
}

/** Entries compared field by field, secrets as bytes. */
export function comparable(entries: readonly ImportedEntry[]) {
  return entries.map((entry) => ({ ...entry, secret: Buffer.from(entry.secret).toString('hex') }))
}

/** The master key of a vault's first slot, unwrapped as docs/vault.md describes. */
export async function aegisMasterKey(
  vault: Record<string, unknown>,
  password: string,
): Promise<Uint8Array> {
  const [slot] = (vault['header'] as { slots: AegisPasswordSlot[] }).slots
  if (!slot) throw new Error('no slot')
  const key = await derivePasswordKey(password, Buffer.from(slot.salt, 'hex'), {
    N: slot.n,
    r: slot.r,
    p: slot.p,
  })
  const master = openAesGcm(key, {
    ciphertext: Buffer.from(slot.key, 'hex'),
    nonce: Buffer.from(slot.key_params.nonce, 'hex'),
    tag: Buffer.from(slot.key_params.tag, 'hex'),
  })
  if (!master) throw new Error('slot did not open')
  return master
}

/** The decrypted db of an encrypted vault, as JSON. */
export async function aegisDbOf(vaultText: string, password: string): Promise<unknown> {
  const vault = JSON.parse(vaultText) as Record<string, unknown>
  const { params } = vault['header'] as { params: { nonce: string; tag: string } }
  const db = openAesGcm(await aegisMasterKey(vault, password), {
    ciphertext: Buffer.from(vault['db'] as string, 'base64'),
    nonce: Buffer.from(params.nonce, 'hex'),
    tag: Buffer.from(params.tag, 'hex'),
  })
  if (!db) throw new Error('db did not open')
  return JSON.parse(Buffer.from(db).toString('utf8')) as unknown
}

type AegisPasswordSlot = {
  salt: string
  n: number
  r: number
  p: number
  key: string
  key_params: { nonce: string; tag: string }
}
