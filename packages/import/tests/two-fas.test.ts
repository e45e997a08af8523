import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto'
import { encodeBase32 } from '@mag/otp'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { twoFasImporter as importer } from '../src/formats/two-fas'
import type { ImportedEntry } from '../src/importer'
import {
  SECRETS,
  bytesOf,
  comparable,
  expectPreview,
  importErrorOf,
  sampleEntries,
} from './backup-fixtures'
import { expectOnlyImportErrors, mutatedBytes } from './fuzz'

/*
 * .2fas files written here as 2FAS's BackupContent / BackupService serialise them, and
 * encrypted as its BackupCipherImpl does: PBKDF2-HMAC-SHA256 × 10000 over a 256-byte salt,
 * AES-256-GCM with a 12-byte iv, "base64(ciphertext+tag):base64(salt):base64(iv)".
 */
const PASSWORD = 'correct horse 2fas'
const REFERENCE_TEXT = 'a fixed text 2FAS encrypts to check the password'

type Service = Record<string, unknown>

function service(
  entry: Partial<ImportedEntry> & { secretText?: string },
  extra: Service = {},
): Service {
  const type = entry.type ?? 'totp'
  return {
    name: entry.issuer ?? 'Service',
    secret: entry.secretText ?? (entry.secret ? encodeBase32(entry.secret) : SECRETS[0]),
    updatedAt: 1_700_000_000_000,
    serviceTypeID: null,
    otp: {
      link: null,
      label: entry.label ?? 'user',
      account: entry.label ?? 'user',
      issuer: entry.issuer ?? 'Service',
      digits: entry.digits ?? 6,
      period: entry.period ?? 30,
      algorithm: entry.algorithm ?? 'SHA1',
      counter: type === 'hotp' ? (entry.counter ?? 0) : null,
      tokenType: type.toUpperCase(),
      source: 'Link',
    },
    order: { position: 0 },
    badge: null,
    icon: null,
    groupId: entry.group ? `group-${entry.group}` : null,
    ...extra,
  }
}

function groupsOf(services: unknown[]): { id: string; name: string; isExpanded: boolean }[] {
  const ids = new Set(
    services
      .map((s) => (typeof s === 'object' && s !== null ? (s as Service)['groupId'] : undefined))
      .filter((id) => typeof id === 'string'),
  )
  return [...ids].map((id) => ({
    id: String(id),
    name: String(id).slice('group-'.length),
    isExpanded: true,
  }))
}

function plainBackup(services: unknown[], extra: Record<string, unknown> = {}): Uint8Array {
  return bytesOf(
    JSON.stringify({
      services,
      groups: groupsOf(services),
      updatedAt: 1_700_000_000_000,
      schemaVersion: 4,
      appVersionCode: 5_000_000,
      appVersionName: '5.0.0',
      appOrigin: 'android',
      ...extra,
    }),
  )
}

function seal(key: Uint8Array, salt: Uint8Array, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ])
  return [data, salt, iv].map((part) => Buffer.from(part).toString('base64')).join(':')
}

function encryptedBackup(
  services: Service[],
  {
    password = PASSWORD,
    reference = true,
    extra = {},
  }: { password?: string; reference?: boolean; extra?: Record<string, unknown> } = {},
): Uint8Array {
  const salt = randomBytes(256)
  const key = pbkdf2Sync(password, salt, 10_000, 32, 'sha256')
  return plainBackup([], {
    groups: groupsOf(services),
    servicesEncrypted: seal(key, salt, JSON.stringify(services)),
    ...(reference ? { reference: seal(key, salt, REFERENCE_TEXT) } : {}),
    ...extra,
  })
}

/** Edits one field of a file's JSON. */
function withField(
  bytes: Uint8Array,
  field: string,
  edit: (value: unknown) => unknown,
): Uint8Array {
  const file = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
  return bytesOf(JSON.stringify({ ...file, [field]: edit(file[field]) }))
}

describe('2FAS backup', () => {
  it('recognises plain and encrypted backups, and not other JSON', () => {
    expect(importer.recognises({ bytes: plainBackup([service({})]) })).toBe(true)
    expect(importer.recognises({ bytes: encryptedBackup([service({})]) })).toBe(true)
    expect(
      importer.recognises({ bytes: bytesOf('{"version":1,"header":{"slots":null},"db":{}}') }),
    ).toBe(false)
    expect(importer.recognises({ bytes: bytesOf('{"encrypted":false,"items":[]}') })).toBe(false)
    expect(importer.recognises({ bytes: bytesOf('[{"secret":"x"}]') })).toBe(false)
    expect(importer.recognises({ bytes: bytesOf('{"schemaVersion":4') })).toBe(false)
  })

  it('reads a plain backup (round trip)', async () => {
    const entries = sampleEntries()
    const preview = expectPreview(
      await importer.read({ bytes: plainBackup(entries.map((e) => service(e))) }),
    )
    expect(preview.format).toBe('2fas')
    expect(preview.problems).toEqual([])
    expect(comparable(preview.entries)).toEqual(comparable(entries))
  })

  it('reads an encrypted backup with its password (round trip)', async () => {
    const entries = sampleEntries()
    const bytes = encryptedBackup(entries.map((e) => service(e)))
    expect(await importer.read({ bytes })).toEqual({ kind: 'needs-password' })
    const preview = expectPreview(await importer.read({ bytes }, PASSWORD))
    expect(comparable(preview.entries)).toEqual(comparable(entries))
  })

  it('reads a password with non-ASCII characters as UTF-8, as Java’s PBKDF2 does', async () => {
    const password = 'pässwörd ✓ 密码'
    const bytes = encryptedBackup([service({})], { password })
    expect(expectPreview(await importer.read({ bytes }, password)).entries).toHaveLength(1)
  })

  it('says wrong-password for a wrong password, with or without a reference', async () => {
    for (const bytes of [
      encryptedBackup([service({})]),
      encryptedBackup([service({})], { reference: false }),
    ]) {
      const error = await importErrorOf(importer.read({ bytes }, 'not the password'))
      expect(error.code).toBe('wrong-password')
    }
  })

  it('says corrupt-file when the password is right but the services were changed', async () => {
    const bytes = withField(encryptedBackup([service({})]), 'servicesEncrypted', (value) => {
      const [data = '', salt, iv] = String(value).split(':')
      const changed = Buffer.from(data, 'base64')
      changed[0] = (changed[0] ?? 0) ^ 1
      return [changed.toString('base64'), salt, iv].join(':')
    })
    const error = await importErrorOf(importer.read({ bytes }, PASSWORD))
    expect(error.code).toBe('corrupt-file')
  })

  it('says corrupt-file for a damaged encrypted layout before asking for the password', async () => {
    const damaged = [
      withField(encryptedBackup([service({})]), 'servicesEncrypted', (v) =>
        String(v).split(':').slice(0, 2).join(':'),
      ),
      withField(encryptedBackup([service({})]), 'servicesEncrypted', (v) => `!!${String(v)}`),
      withField(encryptedBackup([service({})]), 'reference', () => 'AAAA:AAAA:AAAA'),
    ]
    for (const bytes of damaged) {
      const error = await importErrorOf(importer.read({ bytes }))
      expect(error.code).toBe('corrupt-file')
    }
  })

  it('says corrupt-file for a truncated file, plain or encrypted', async () => {
    for (const bytes of [plainBackup([service({})]), encryptedBackup([service({})])]) {
      const error = await importErrorOf(
        importer.read({ bytes: bytes.subarray(0, bytes.length - 30) }, PASSWORD),
      )
      expect(error.code).toBe('corrupt-file')
    }
  })

  it('refuses a newer schema version, plain or encrypted', async () => {
    for (const bytes of [
      plainBackup([service({})], { schemaVersion: 5 }),
      encryptedBackup([service({})], { extra: { schemaVersion: 5 } }),
    ]) {
      const error = await importErrorOf(importer.read({ bytes }, PASSWORD))
      expect(error.code).toBe('unsupported-version')
      expect(error.message).toMatch(/schema version 5/)
    }
  })

  it('fills in 2FAS’s defaults and prefers the service name as issuer', async () => {
    const bare = { name: '  ', secret: SECRETS[1], otp: { issuer: 'From link', account: 'me' } }
    const named = {
      name: 'Shown name',
      secret: SECRETS[1],
      otp: { issuer: 'From link', label: 'lbl' },
    }
    const preview = expectPreview(await importer.read({ bytes: plainBackup([bare, named]) }))
    expect(preview.entries).toMatchObject([
      {
        type: 'totp',
        issuer: 'From link',
        label: 'me',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
      { issuer: 'Shown name', label: 'lbl' },
    ])
  })

  it('makes a problem of each service it cannot read, and reads the others', async () => {
    const services: unknown[] = [
      service({ issuer: 'Steam', label: 's' }, { otp: { tokenType: 'STEAM', account: 's' } }),
      service({ issuer: 'Odd', label: 'o' }, { otp: { tokenType: 'YANDEX', account: 'o' } }),
      service({ issuer: 'Algo', label: 'a', algorithm: 'SHA224' as never }),
      service({ issuer: 'Digits', label: 'd', digits: 9 }),
      service({ issuer: 'Period', label: 'p', period: 0 }),
      service({ issuer: 'Bad', label: 'b', secretText: 'JBSWY3DPEHPK3PX1' }),
      service({ issuer: 'Short', label: 'sh', secretText: 'JBSWY3DP' }),
      { name: 'Malformed', otp: { account: 'm' } },
      'not an object',
      service({ issuer: 'Fine', label: 'f' }),
    ]
    const preview = expectPreview(await importer.read({ bytes: plainBackup(services) }))
    expect(preview.entries.map((e) => e.label)).toEqual(['f'])
    expect(preview.problems).toEqual([
      {
        index: 0,
        name: 'Steam: s',
        reason: expect.stringMatching(/Steam Guard codes are not supported/),
      },
      { index: 1, name: 'Odd: o', reason: expect.stringMatching(/token type 'YANDEX'/) },
      { index: 2, name: 'Algo: a', reason: expect.stringMatching(/SHA224/) },
      { index: 3, name: 'Digits: d', reason: expect.stringMatching(/Digits must be 6, 7 or 8/) },
      { index: 4, name: 'Period: p', reason: expect.stringMatching(/Period/) },
      { index: 5, name: 'Bad: b', reason: expect.stringMatching(/^Secret contains '1'/) },
      { index: 6, name: 'Short: sh', reason: expect.stringMatching(/^Secret is too short/) },
      { index: 7, name: 'Malformed: m', reason: expect.stringMatching(/malformed \(secret:/) },
      { index: 8, name: '', reason: expect.stringMatching(/malformed/) },
    ])
  })

  it('entry 7 of 12 bad: 11 entries and one problem at index 6 (plain and encrypted)', async () => {
    const services = Array.from({ length: 12 }, (_, i) =>
      service({
        issuer: 'Service',
        label: `user${i}`,
        ...(i === 6 ? { secretText: 'not base32!' } : {}),
      }),
    )
    for (const read of [
      () => importer.read({ bytes: plainBackup(services) }),
      () => importer.read({ bytes: encryptedBackup(services) }, PASSWORD),
    ]) {
      const preview = expectPreview(await read())
      expect(preview.entries).toHaveLength(11)
      expect(preview.problems).toEqual([
        { index: 6, name: 'Service: user6', reason: expect.any(String) },
      ])
    }
  })

  it('says no-entries for a backup without services', async () => {
    expect((await importErrorOf(importer.read({ bytes: plainBackup([]) }))).code).toBe('no-entries')
    expect(
      (await importErrorOf(importer.read({ bytes: encryptedBackup([]) }, PASSWORD))).code,
    ).toBe('no-entries')
  })

  it('never puts a secret or the password in a message or a problem', async () => {
    const secrets = ['JBSWY3DPEHPK3PX1JBSWY3DP', 'GEZDGNBV', SECRETS[2]]
    const services = secrets.map((secretText, i) =>
      service(
        { issuer: 'I', label: `l${i}`, secretText },
        i === 2 ? { otp: { tokenType: 'STEAM' } } : {},
      ),
    )
    const texts: string[] = []
    const preview = expectPreview(
      await importer.read({ bytes: encryptedBackup(services) }, PASSWORD),
    )
    texts.push(...preview.problems.map((p) => `${p.name} ${p.reason}`))
    for (const attempt of [
      () => importer.read({ bytes: encryptedBackup(services) }, `${PASSWORD}x`),
      () => importer.read({ bytes: encryptedBackup(services).subarray(0, 200) }, PASSWORD),
      () => importer.read({ bytes: plainBackup(services, { schemaVersion: 9 }) }, PASSWORD),
    ]) {
      texts.push((await importErrorOf(attempt())).message)
    }
    expect(texts.length).toBeGreaterThan(3)
    for (const text of texts) {
      expect(text).not.toContain(PASSWORD)
      for (const secret of secrets) expect(text).not.toContain(secret.slice(0, 8))
    }
  })

  it('fuzz: random bytes and random services give only ImportError or a preview', async () => {
    await expectOnlyImportErrors(importer, fc.uint8Array({ maxLength: 300 }), 300)
    await expectOnlyImportErrors(
      importer,
      fc
        .record({
          schemaVersion: fc.oneof(fc.integer({ min: -2, max: 6 }), fc.double()),
          services: fc.array(
            fc.oneof(fc.anything(), fc.record({ secret: fc.string(), otp: fc.anything() })),
          ),
          groups: fc.anything(),
        })
        .map((file) => bytesOf(JSON.stringify(file) ?? 'null')),
      500,
    )
  })

  it('fuzz: mutated plain backups give only ImportError or a preview', async () => {
    const valid = plainBackup(sampleEntries().map((e) => service(e)))
    await expectOnlyImportErrors(importer, mutatedBytes(valid), 1000)
  })

  it('fuzz: mutated encrypted backups give only ImportError, needs-password or a preview', async () => {
    // PBKDF2 at 10000 iterations costs each run a few milliseconds: fewer runs here.
    const valid = encryptedBackup(sampleEntries().map((e) => service(e)))
    await expectOnlyImportErrors(importer, mutatedBytes(valid), 150, PASSWORD)
    await expectOnlyImportErrors(importer, mutatedBytes(valid), 300)
  })

  it('fuzz: random services behind a right password give only ImportError or a preview', async () => {
    // Encrypted properly, so every run reaches what follows decryption.
    const services = fc.array(
      fc.oneof(
        fc.anything({ maxDepth: 2 }),
        fc.record({ name: fc.string(), secret: fc.string(), otp: fc.anything({ maxDepth: 1 }) }),
      ),
    )
    await expectOnlyImportErrors(
      importer,
      services.map((list) => encryptedBackup(list as Service[])),
      50,
      PASSWORD,
    )
  })
})
