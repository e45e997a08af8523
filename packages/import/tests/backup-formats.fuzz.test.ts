import fc from 'fast-check'
import { describe, it } from 'vitest'
import { writeAegisEncryptedBackup } from '../src/export/aegis-backup'
import { aegisImporter } from '../src/formats/aegis'
import { andOtpImporter } from '../src/formats/andotp'
import {
  FAST_SCRYPT,
  SECRETS,
  aegisEntry,
  aegisPlainVault,
  andOtpEncrypted,
  andOtpEncryptedOld,
  andOtpEntry,
  bytesOf,
  sampleEntries,
} from './backup-fixtures'
import { expectOnlyImportErrors, mutatedBytes } from './fuzz'

/**
 * Every reader of this package's backup formats, fed random and damaged files: only a
 * preview, needs-password or an ImportError may come out, never another exception or a hang.
 * Key derivation runs with the parameters each file carries, so the valid files here use
 * small ones, and the generated ones are drawn around the limits the readers enforce.
 */

const PASSWORD = 'fuzz password'
const TIMEOUT = 120_000

const randomBytes = fc.uint8Array({ maxLength: 600 })

/** A value to put anywhere in a JSON document: mostly JSON, sometimes a near-miss. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', 0, -1, 1e308, 2 ** 53, '00', 'zz', [], {}),
)
const hex = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('hex')),
  fc.string({ maxLength: 10 }),
)
const cryptParams = fc.oneof(fc.record({ nonce: hex, tag: hex }), anyJson)
/** Cheap, refused or OpenSSL-refused parameters; never a costly accepted combination. */
const slot = fc.record({
  type: fc.oneof(fc.constantFrom(0, 1, 1, 2, 3), anyJson),
  uuid: fc.uuid(),
  key: hex,
  key_params: cryptParams,
  n: fc.oneof(fc.constantFrom(2, 16, 1024, 3, 0, -16, 2 ** 21, 2 ** 16, 1.5), anyJson),
  r: fc.oneof(fc.constantFrom(1, 2, 0, 33, 2 ** 31), anyJson),
  p: fc.oneof(fc.constantFrom(1, 0, 17, 2 ** 31), anyJson),
  salt: hex,
})
const entry = fc.oneof(
  fc.record({
    type: fc.oneof(fc.constantFrom('totp', 'hotp', 'steam', 'motp', 'yandex', 'x'), anyJson),
    name: fc.oneof(fc.string(), anyJson),
    issuer: fc.oneof(fc.string(), anyJson),
    group: fc.oneof(fc.string(), anyJson),
    groups: fc.oneof(fc.array(fc.constantFrom('g1', 'g2', 'zz')), anyJson),
    info: fc.oneof(
      fc.record({
        secret: fc.oneof(fc.constantFrom(...SECRETS, ''), fc.string(), anyJson),
        algo: fc.oneof(fc.constantFrom('SHA1', 'SHA256', 'sha512', 'MD5'), anyJson),
        digits: fc.oneof(fc.integer({ min: 4, max: 10 }), anyJson),
        period: fc.oneof(fc.integer({ min: -1, max: 4000 }), anyJson),
        counter: fc.oneof(fc.integer(), fc.double(), anyJson),
      }),
      anyJson,
    ),
  }),
  anyJson,
)
const db = fc.oneof(
  fc.record({
    version: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4), anyJson),
    entries: fc.oneof(fc.array(entry, { maxLength: 6 }), anyJson),
    groups: fc.oneof(
      fc.array(
        fc.record({ uuid: fc.constantFrom('g1', 'g2'), name: fc.oneof(fc.string(), anyJson) }),
      ),
      anyJson,
    ),
  }),
  anyJson,
)
const aegisShaped = fc
  .record({
    version: fc.oneof(fc.constantFrom(0, 1, 2), anyJson),
    header: fc.oneof(
      fc.record({
        slots: fc.oneof(fc.constant(null), fc.array(slot, { maxLength: 4 }), anyJson),
        params: fc.oneof(fc.constant(null), cryptParams),
      }),
      anyJson,
    ),
    db: fc.oneof(db, fc.base64String({ maxLength: 80 }), anyJson),
  })
  .map((vault) => bytesOf(JSON.stringify(vault)))

/** A JSON document with the value at one of its paths replaced. */
function replacedAt(document: unknown): fc.Arbitrary<Uint8Array> {
  const paths: (string | number)[][] = []
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path)
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]))
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key])
    }
  }
  walk(document, [])
  return fc.tuple(fc.constantFrom(...paths), anyJson).map(([path, replacement]) => {
    const copy = structuredClone(document) as Record<string | number, unknown>
    if (path.length === 0) return bytesOf(JSON.stringify(replacement))
    let parent: Record<string | number, unknown> = copy
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
    parent[path[path.length - 1] as string | number] = replacement
    return bytesOf(JSON.stringify(copy))
  })
}

async function encryptedAegisText(): Promise<string> {
  return writeAegisEncryptedBackup({
    entries: sampleEntries(),
    password: PASSWORD,
    scryptParams: FAST_SCRYPT,
  })
}

describe('aegisImporter under fuzzing', () => {
  it('random bytes', { timeout: TIMEOUT }, async () => {
    await expectOnlyImportErrors(aegisImporter, randomBytes, 200)
    await expectOnlyImportErrors(aegisImporter, randomBytes, 100, PASSWORD)
  })

  it('random Aegis-shaped JSON, with and without a password', { timeout: TIMEOUT }, async () => {
    await expectOnlyImportErrors(aegisImporter, aegisShaped, 300)
    await expectOnlyImportErrors(aegisImporter, aegisShaped, 300, PASSWORD)
  })

  it('damaged plain and encrypted vaults', { timeout: TIMEOUT }, async () => {
    const plain = aegisPlainVault([
      aegisEntry(),
      aegisEntry({ type: 'hotp', counter: 3 }),
      aegisEntry({ type: 'steam' }),
    ])
    await expectOnlyImportErrors(aegisImporter, mutatedBytes(plain), 200)
    const encrypted = bytesOf(await encryptedAegisText())
    await expectOnlyImportErrors(aegisImporter, mutatedBytes(encrypted), 200, PASSWORD)
  })

  it('vaults with any one value replaced', { timeout: TIMEOUT }, async () => {
    const plain = JSON.parse(
      new TextDecoder().decode(aegisPlainVault([aegisEntry(), aegisEntry({ type: 'hotp' })])),
    ) as unknown
    await expectOnlyImportErrors(aegisImporter, replacedAt(plain), 300)
    const encrypted = JSON.parse(await encryptedAegisText()) as unknown
    await expectOnlyImportErrors(aegisImporter, replacedAt(encrypted), 300, PASSWORD)
  })
})

describe('andOtpImporter under fuzzing', () => {
  const plain = JSON.stringify([
    andOtpEntry(),
    andOtpEntry({ type: 'HOTP', counter: 5, label: 'h' }),
    andOtpEntry({ type: 'STEAM' }),
  ])
  const andOtpShaped = fc
    .array(
      fc.oneof(
        fc.record(
          {
            secret: fc.oneof(fc.constantFrom(...SECRETS), fc.string(), anyJson),
            label: fc.oneof(fc.string(), anyJson),
            issuer: fc.oneof(fc.string(), anyJson),
            type: fc.oneof(fc.constantFrom('TOTP', 'HOTP', 'STEAM', 'totp', 'X'), anyJson),
            algorithm: fc.oneof(fc.constantFrom('SHA1', 'SHA256', 'SHA512', 'MD5'), anyJson),
            digits: fc.oneof(fc.integer({ min: 4, max: 10 }), anyJson),
            period: fc.oneof(fc.integer({ min: -1, max: 4000 }), anyJson),
            counter: fc.oneof(fc.integer(), fc.double(), anyJson),
            tags: fc.oneof(fc.array(fc.oneof(fc.string(), anyJson)), anyJson),
          },
          { requiredKeys: [] },
        ),
        anyJson,
      ),
      { maxLength: 6 },
    )
    .map((entries) => bytesOf(JSON.stringify(entries)))

  it('random bytes, with and without a password', { timeout: TIMEOUT }, async () => {
    await expectOnlyImportErrors(andOtpImporter, randomBytes, 200)
    await expectOnlyImportErrors(andOtpImporter, randomBytes, 200, PASSWORD)
  })

  it('random andOTP-shaped JSON', { timeout: TIMEOUT }, async () => {
    await expectOnlyImportErrors(andOtpImporter, andOtpShaped, 300)
  })

  it('damaged plain and encrypted backups', { timeout: TIMEOUT }, async () => {
    await expectOnlyImportErrors(andOtpImporter, mutatedBytes(bytesOf(plain)), 200)
    await expectOnlyImportErrors(
      andOtpImporter,
      mutatedBytes(andOtpEncrypted(plain, PASSWORD, 1000)),
      150,
      PASSWORD,
    )
    await expectOnlyImportErrors(
      andOtpImporter,
      mutatedBytes(andOtpEncryptedOld(plain, PASSWORD)),
      150,
      PASSWORD,
    )
  })

  it('backups with any one value replaced', { timeout: TIMEOUT }, async () => {
    await expectOnlyImportErrors(andOtpImporter, replacedAt(JSON.parse(plain) as unknown), 300)
  })
})
