import { describe, expect, it } from 'vitest'
import { decodeBase32 } from '@mag/otp'
import { writeAegisEncryptedBackup } from '../src/export/aegis-backup'
import { sealAesGcm } from '../src/aes-gcm'
import { aegisImporter } from '../src/formats/aegis'
import {
  FAST_SCRYPT,
  SECRETS,
  aegisEntry,
  aegisMasterKey,
  aegisPlainVault,
  bytesOf,
  comparable,
  expectPreview,
  importErrorOf,
  sampleEntries,
} from './backup-fixtures'

const PASSWORD = 'correct horse battery staple'

async function encryptedVault(password = PASSWORD): Promise<Record<string, unknown>> {
  const text = await writeAegisEncryptedBackup({
    entries: sampleEntries(),
    password,
    scryptParams: FAST_SCRYPT,
  })
  return JSON.parse(text) as Record<string, unknown>
}

const encode = (value: unknown) => bytesOf(JSON.stringify(value))

type Slot = Record<string, unknown>
const slotsOf = (vault: Record<string, unknown>) => (vault['header'] as { slots: Slot[] }).slots

describe('aegisImporter: plain vaults', () => {
  it('reads the entries of a plain vault, as docs/vault.md shows them', async () => {
    const file = aegisPlainVault([
      aegisEntry({ name: 'Bob', issuer: 'Google' }),
      aegisEntry({
        type: 'totp',
        name: 'James',
        issuer: 'SPDX',
        secret: SECRETS[1],
        algo: 'SHA256',
        digits: 7,
        period: 20,
      }),
      aegisEntry({
        type: 'hotp',
        name: 'Mason',
        issuer: 'WWE',
        secret: SECRETS[2],
        algo: 'SHA512',
        digits: 8,
        counter: 10300,
      }),
    ])
    const preview = expectPreview(await aegisImporter.read({ bytes: file }))
    expect(preview.format).toBe('aegis')
    expect(preview.problems).toEqual([])
    expect(preview.entries).toEqual([
      {
        type: 'totp',
        issuer: 'Google',
        label: 'Bob',
        secret: decodeBase32(SECRETS[0]),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
      {
        type: 'totp',
        issuer: 'SPDX',
        label: 'James',
        secret: decodeBase32(SECRETS[1]),
        algorithm: 'SHA256',
        digits: 7,
        period: 20,
        counter: 0,
      },
      {
        type: 'hotp',
        issuer: 'WWE',
        label: 'Mason',
        secret: decodeBase32(SECRETS[2]),
        algorithm: 'SHA512',
        digits: 8,
        period: 30,
        counter: 10300,
      },
    ])
  })

  it('takes the group by name in db versions 1–2 and by uuid in version 3', async () => {
    const v1 = expectPreview(
      await aegisImporter.read({ bytes: aegisPlainVault([aegisEntry({ group: 'Work' })]) }),
    )
    expect(v1.entries[0]?.group).toBe('Work')

    const v3 = expectPreview(
      await aegisImporter.read({
        bytes: aegisPlainVault(
          [aegisEntry({ groups: ['missing', 'g2', 'g1'] }), aegisEntry({ groups: [] })],
          {
            dbVersion: 3,
            groups: [
              { uuid: 'g1', name: 'Work' },
              { uuid: 'g2', name: 'Home' },
            ],
          },
        ),
      }),
    )
    expect(v3.entries.map((entry) => entry.group)).toEqual(['Home', undefined])
  })

  it('makes Steam, mOTP, Yandex and unknown types per-entry problems, reading the rest', async () => {
    const file = aegisPlainVault([
      aegisEntry({ type: 'steam', name: 'Sophia', issuer: 'Steam', digits: 5 }),
      aegisEntry({ name: 'ok' }),
      aegisEntry({ type: 'motp', name: 'm' }),
      aegisEntry({ type: 'yandex', name: 'y' }),
      aegisEntry({ type: 'ocra', name: 'o' }),
    ])
    const preview = expectPreview(await aegisImporter.read({ bytes: file }))
    expect(preview.entries.map((entry) => entry.label)).toEqual(['ok'])
    expect(preview.problems.map((problem) => problem.index)).toEqual([0, 2, 3, 4])
    expect(preview.problems[0]).toEqual({
      index: 0,
      name: 'Steam: Sophia',
      reason: expect.stringContaining('Steam Guard') as string,
    })
    expect(preview.problems[3]?.reason).toContain("'ocra'")
  })

  it('reads 11 of 12 entries when entry 7 is bad, naming entry 7 (index 6) and why', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => aegisEntry({ name: `account ${i + 1}` }))
    entries[6] = aegisEntry({ name: 'account 7', secret: 'ABC' })
    const preview = expectPreview(await aegisImporter.read({ bytes: aegisPlainVault(entries) }))
    expect(preview.entries).toHaveLength(11)
    expect(preview.problems).toEqual([
      {
        index: 6,
        name: 'Google: account 7',
        reason: expect.stringMatching(/^Secret has 3 characters/) as string,
      },
    ])
  })

  it('makes entries the vault would refuse problems: digits, period, algorithm, names', async () => {
    const file = aegisPlainVault([
      aegisEntry({ digits: 9 }),
      aegisEntry({ period: 0 }),
      aegisEntry({ algo: 'MD5' }),
      aegisEntry({ name: '', issuer: '' }),
      aegisEntry({ name: 'x'.repeat(201) }),
      { type: 'totp', name: 'no info' },
      'not an object',
      aegisEntry({ name: '', issuer: 'OnlyIssuer' }),
    ])
    const preview = expectPreview(await aegisImporter.read({ bytes: file }))
    expect(preview.problems.map((problem) => problem.reason)).toEqual([
      'Digits must be 6, 7 or 8 (got 9)',
      'Period must be a whole number of seconds from 1 to 3600 (got 0)',
      "Algorithm must be SHA1, SHA256 or SHA512 (got 'MD5')",
      'The account has neither a name nor an issuer',
      'Account name is too long: at most 200 characters (got 201)',
      expect.stringContaining('info') as string,
      expect.stringContaining('malformed') as string,
    ])
    // An account without a name but with an issuer keeps the issuer as its name.
    expect(preview.entries).toMatchObject([{ issuer: 'OnlyIssuer', label: 'OnlyIssuer' }])
  })

  it('refuses a vault with no entries', async () => {
    const error = await importErrorOf(aegisImporter.read({ bytes: aegisPlainVault([]) }))
    expect(error.code).toBe('no-entries')
  })
})

describe('aegisImporter: encrypted vaults', () => {
  it('asks for a password, then reads what the backup writer wrote', async () => {
    const bytes = encode(await encryptedVault())
    expect(await aegisImporter.read({ bytes })).toEqual({ kind: 'needs-password' })
    const preview = expectPreview(await aegisImporter.read({ bytes }, PASSWORD))
    expect(comparable(preview.entries)).toEqual(comparable(sampleEntries()))
  })

  it('says wrong-password for a wrong password', async () => {
    const bytes = encode(await encryptedVault())
    const error = await importErrorOf(aegisImporter.read({ bytes }, 'Tr0ub4dor&3'))
    expect(error.code).toBe('wrong-password')
  })

  it('tries every password slot, skipping biometric and raw slots', async () => {
    const vault = await encryptedVault()
    const [slot] = slotsOf(vault)
    // A slot this password does not open, first, as a second password slot would be.
    const [foreign] = slotsOf(await encryptedVault('another password'))
    vault['header'] = {
      ...(vault['header'] as object),
      slots: [
        { type: 2, uuid: 'b', key: '00', key_params: { nonce: '00', tag: '00' } },
        foreign,
        { type: 0, uuid: 'r' },
        slot,
      ],
    }
    const preview = expectPreview(await aegisImporter.read({ bytes: encode(vault) }, PASSWORD))
    expect(preview.entries).toHaveLength(4)
  })

  it('refuses a biometric-only vault before asking for a password, saying why', async () => {
    const vault = await encryptedVault()
    vault['header'] = {
      ...(vault['header'] as object),
      slots: [{ type: 2, uuid: 'b', key: '00'.repeat(32), key_params: {} }],
    }
    const error = await importErrorOf(aegisImporter.read({ bytes: encode(vault) }))
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(/set a password/)
  })

  it('says corrupt-file when the password opens the slot but the contents were changed', async () => {
    const vault = await encryptedVault()
    const db = Buffer.from(vault['db'] as string, 'base64')
    db[0] = (db[0] ?? 0) ^ 1
    vault['db'] = db.toString('base64')
    const error = await importErrorOf(aegisImporter.read({ bytes: encode(vault) }, PASSWORD))
    expect(error.code).toBe('corrupt-file')
  })

  it('says corrupt-file for a file cut short, broken base64, or a half-encrypted header', async () => {
    const text = JSON.stringify(await encryptedVault())
    const cut = await importErrorOf(
      aegisImporter.read({ bytes: bytesOf(text.slice(0, text.length / 2)) }, PASSWORD),
    )
    expect(cut.code).toBe('corrupt-file')

    const vault = await encryptedVault()
    vault['db'] = `${vault['db'] as string}!`
    expect((await importErrorOf(aegisImporter.read({ bytes: encode(vault) }))).code).toBe(
      'corrupt-file',
    )

    const half = await encryptedVault()
    half['header'] = { slots: slotsOf(half), params: null }
    expect((await importErrorOf(aegisImporter.read({ bytes: encode(half) }))).code).toBe(
      'corrupt-file',
    )
  })

  it('refuses absurd scrypt parameters with corrupt-file, without running scrypt', async () => {
    for (const params of [
      { n: 2 ** 21, r: 8, p: 1 },
      { n: 2 ** 20, r: 8, p: 1 },
      { n: 2 ** 15, r: 8, p: 1_000_000 },
      { n: 2 ** 15, r: 1_000_000, p: 1 },
      { n: 1000, r: 8, p: 1 },
      { n: 2 ** 15, r: 0, p: 1 },
      // Within our limits, but OpenSSL wants N < 2^(16·r).
      { n: 2 ** 16, r: 1, p: 1 },
    ]) {
      const vault = await encryptedVault()
      const [slot] = slotsOf(vault)
      vault['header'] = { ...(vault['header'] as object), slots: [{ ...slot, ...params }] }
      const started = Date.now()
      const error = await importErrorOf(aegisImporter.read({ bytes: encode(vault) }, PASSWORD))
      expect(error.code).toBe('corrupt-file')
      expect(Date.now() - started).toBeLessThan(1000)
    }
  })

  it('refuses many slots whose work adds up beyond the limit', async () => {
    const vault = await encryptedVault()
    const [slot] = slotsOf(vault)
    // Each is Aegis's own cost; nine of them are over 8× that.
    const aegisCost = { ...slot, n: 2 ** 15, r: 8, p: 1 }
    vault['header'] = { ...(vault['header'] as object), slots: Array(9).fill(aegisCost) }
    const error = await importErrorOf(aegisImporter.read({ bytes: encode(vault) }, PASSWORD))
    expect(error.code).toBe('corrupt-file')
  })
})

describe('aegisImporter: versions and recognition', () => {
  it('says unsupported-version for a newer vault file or a newer db', async () => {
    const file = await importErrorOf(
      aegisImporter.read({ bytes: aegisPlainVault([aegisEntry()], { fileVersion: 2 }) }),
    )
    expect(file.code).toBe('unsupported-version')
    const db = await importErrorOf(
      aegisImporter.read({ bytes: aegisPlainVault([aegisEntry()], { dbVersion: 4 }) }),
    )
    expect(db.code).toBe('unsupported-version')
    expect(db.message).toMatch(/version 4/)
  })

  it('says unsupported-version for a newer db inside an encrypted vault', async () => {
    // Built by hand with the writer's slot, since the writer only writes the current db.
    const vault = await encryptedVault()
    const plain = aegisPlainVault([aegisEntry()], { dbVersion: 99 })
    const parsed = JSON.parse(new TextDecoder().decode(plain)) as { db: unknown }
    const box = sealAesGcm(
      await aegisMasterKey(vault, PASSWORD),
      bytesOf(JSON.stringify(parsed.db)),
    )
    vault['db'] = Buffer.from(box.ciphertext).toString('base64')
    vault['header'] = {
      slots: slotsOf(vault),
      params: {
        nonce: Buffer.from(box.nonce).toString('hex'),
        tag: Buffer.from(box.tag).toString('hex'),
      },
    }
    const error = await importErrorOf(aegisImporter.read({ bytes: encode(vault) }, PASSWORD))
    expect(error.code).toBe('unsupported-version')
  })

  it('recognises plain and encrypted vaults, and nothing else', async () => {
    expect(aegisImporter.recognises({ bytes: aegisPlainVault([aegisEntry()]) })).toBe(true)
    expect(aegisImporter.recognises({ bytes: encode(await encryptedVault()) })).toBe(true)
    for (const other of [
      '[]',
      '{"version":1,"db":{}}',
      '{"schemaVersion":4,"services":[]}',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP',
      '',
    ]) {
      expect(aegisImporter.recognises({ bytes: bytesOf(other) })).toBe(false)
    }
  })
})
