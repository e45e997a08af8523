import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase32, encodeBase32 } from '@mag/otp'
import type { ImportedEntry } from '../src'
import { andOtpImporter } from '../src/formats/andotp'
import {
  SECRETS,
  andOtpEncrypted,
  andOtpEncryptedOld,
  andOtpEntry,
  bytesOf,
  comparable,
  expectPreview,
  importErrorOf,
  storableEntry,
} from './backup-fixtures'

const PASSWORD = 'andotp backup password'

/** An entry as andOTP's Entry.toJSON writes it: base32 with padding, a period only for TOTP. */
function asAndOtp(entry: ImportedEntry): Record<string, unknown> {
  const secret = encodeBase32(entry.secret)
  return {
    secret: secret.padEnd(Math.ceil(secret.length / 8) * 8, '='),
    issuer: entry.issuer,
    label: entry.label,
    digits: entry.digits,
    type: entry.type.toUpperCase(),
    algorithm: entry.algorithm,
    thumbnail: 'Default',
    last_used: 0,
    used_frequency: 0,
    ...(entry.type === 'totp' ? { period: entry.period } : { counter: entry.counter }),
    tags: entry.group === undefined ? [] : [entry.group],
  }
}

const backup = () =>
  JSON.stringify([
    andOtpEntry({ issuer: 'GitHub', label: 'alice', tags: ['Work', 'Dev'] }),
    andOtpEntry({
      issuer: 'ACME Co',
      label: 'john.doe',
      secret: `${SECRETS[1]}`,
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    }),
    {
      secret: `${SECRETS[2]}====`,
      issuer: 'Bank',
      label: 'savings',
      digits: 7,
      type: 'HOTP',
      algorithm: 'SHA512',
      counter: 42,
      tags: [],
    },
  ])

const expected = [
  {
    type: 'totp',
    issuer: 'GitHub',
    label: 'alice',
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
    issuer: 'Bank',
    label: 'savings',
    secret: decodeBase32(SECRETS[2]),
    algorithm: 'SHA512',
    digits: 7,
    period: 30,
    counter: 42,
  },
]

describe('andOtpImporter: plain backups', () => {
  it('reads a plain backup as Entry.toJSON writes it', async () => {
    const preview = expectPreview(await andOtpImporter.read({ bytes: bytesOf(backup()) }))
    expect(preview.format).toBe('andotp')
    expect(preview.problems).toEqual([])
    expect(preview.entries).toEqual(expected)
  })

  it('fills in what older backups leave out, as andOTP reads them', async () => {
    const old = JSON.stringify([{ secret: SECRETS[0].toLowerCase(), label: 'Google - bob' }])
    const preview = expectPreview(await andOtpImporter.read({ bytes: bytesOf(old) }))
    expect(preview.entries).toEqual([
      {
        type: 'totp',
        issuer: '',
        label: 'Google - bob',
        secret: decodeBase32(SECRETS[0]),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
    ])
  })

  it('makes STEAM, unknown types, HOTP without counter and bad secrets per-entry problems', async () => {
    const file = JSON.stringify([
      andOtpEntry({ type: 'STEAM', issuer: 'Steam', label: 'gamer', digits: 5 }),
      andOtpEntry({ type: 'MOTP', label: 'm' }),
      andOtpEntry({ type: 'HOTP', label: 'h', counter: undefined }),
      andOtpEntry({ secret: 'JBSWY3DP', label: 'short' }),
      andOtpEntry({ label: 'fine' }),
      andOtpEntry({ label: 42 }),
    ])
    const preview = expectPreview(await andOtpImporter.read({ bytes: bytesOf(file) }))
    expect(preview.entries.map((entry) => entry.label)).toEqual(['fine'])
    expect(preview.problems).toEqual([
      { index: 0, name: 'Steam: gamer', reason: expect.stringContaining('Steam Guard') as string },
      { index: 1, name: 'GitHub: m', reason: expect.stringContaining("'MOTP'") as string },
      { index: 2, name: 'GitHub: h', reason: 'The HOTP entry has no counter' },
      {
        index: 3,
        name: 'GitHub: short',
        reason: expect.stringMatching(/^Secret is too short/) as string,
      },
      { index: 5, name: 'GitHub', reason: expect.stringContaining('label') as string },
    ])
  })

  it('reads 11 of 12 entries when entry 7 is bad, naming entry 7 (index 6)', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => andOtpEntry({ label: `account ${i + 1}` }))
    entries[6] = andOtpEntry({ label: 'account 7', digits: 10 })
    const preview = expectPreview(
      await andOtpImporter.read({ bytes: bytesOf(JSON.stringify(entries)) }),
    )
    expect(preview.entries).toHaveLength(11)
    expect(preview.problems).toEqual([
      { index: 6, name: 'GitHub: account 7', reason: 'Digits must be 6, 7 or 8 (got 10)' },
    ])
  })

  it('says corrupt-file for a backup cut short or not a list, no-entries for an empty one', async () => {
    const text = backup()
    const cut = await importErrorOf(
      andOtpImporter.read({ bytes: bytesOf(text.slice(0, text.length - 10)) }),
    )
    expect(cut.code).toBe('corrupt-file')
    const object = await importErrorOf(andOtpImporter.read({ bytes: bytesOf('{"a":1}') }))
    expect(object.code).toBe('corrupt-file')
    const empty = await importErrorOf(andOtpImporter.read({ bytes: bytesOf(' [] ') }))
    expect(empty.code).toBe('no-entries')
  })
})

describe('andOtpImporter: encrypted backups', () => {
  it('reads back any entry the vault can hold, written the way andOTP writes it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(storableEntry, { minLength: 1, maxLength: 8 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        async (entries, password) => {
          const bytes = andOtpEncrypted(JSON.stringify(entries.map(asAndOtp)), password, 10)
          const preview = expectPreview(await andOtpImporter.read({ bytes }, password))
          expect(preview.problems).toEqual([])
          expect(comparable(preview.entries)).toEqual(comparable(entries))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('asks for a password, then reads the current layout (PBKDF2 iterations from the file)', async () => {
    const bytes = andOtpEncrypted(backup(), PASSWORD, 2000)
    expect(await andOtpImporter.read({ bytes })).toEqual({ kind: 'needs-password' })
    const preview = expectPreview(await andOtpImporter.read({ bytes }, PASSWORD))
    expect(preview.entries).toEqual(expected)
  })

  it('reads a backup at andOTP’s own iteration count', async () => {
    const bytes = andOtpEncrypted(backup(), PASSWORD, 150_000)
    const preview = expectPreview(await andOtpImporter.read({ bytes }, PASSWORD))
    expect(preview.entries).toHaveLength(3)
  })

  it('reads the old layout (SHA-256 of the password)', async () => {
    const bytes = andOtpEncryptedOld(backup(), PASSWORD)
    const preview = expectPreview(await andOtpImporter.read({ bytes }, PASSWORD))
    expect(preview.entries).toEqual(expected)
  })

  it('says wrong-password for a wrong password, in either layout', async () => {
    for (const bytes of [
      andOtpEncrypted(backup(), PASSWORD),
      andOtpEncryptedOld(backup(), PASSWORD),
    ]) {
      const error = await importErrorOf(andOtpImporter.read({ bytes }, 'not it'))
      expect(error.code).toBe('wrong-password')
    }
  })

  it('says corrupt-file for a file too short to hold a header and tag', async () => {
    const bytes = andOtpEncrypted(backup(), PASSWORD).subarray(0, 20)
    const error = await importErrorOf(andOtpImporter.read({ bytes }, PASSWORD))
    expect(error.code).toBe('corrupt-file')
  })

  it('does not run PBKDF2 for an absurd iteration count', async () => {
    const bytes = Buffer.from(andOtpEncrypted(backup(), PASSWORD))
    bytes.writeUInt32BE(0xffffffff, 0)
    const started = Date.now()
    const error = await importErrorOf(andOtpImporter.read({ bytes }, PASSWORD))
    expect(error.code).toBe('wrong-password')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('recognises plain backups, current-layout files, and *.json.aes files; nothing else', () => {
    expect(andOtpImporter.recognises({ bytes: bytesOf(backup()) })).toBe(true)
    expect(andOtpImporter.recognises({ bytes: andOtpEncrypted(backup(), PASSWORD, 150_000) })).toBe(
      true,
    )
    const old = andOtpEncryptedOld(backup(), PASSWORD)
    expect(andOtpImporter.recognises({ bytes: old, fileName: 'otp_accounts.json.aes' })).toBe(true)
    for (const other of [
      '[]',
      '[{"secret":"x"}]',
      '{"version":1,"header":{"slots":null},"db":{}}',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP',
    ]) {
      expect(andOtpImporter.recognises({ bytes: bytesOf(other) })).toBe(false)
    }
    // Iteration count 1000 is outside andOTP's range, and the name says nothing.
    expect(andOtpImporter.recognises({ bytes: andOtpEncrypted(backup(), PASSWORD, 1000) })).toBe(
      false,
    )
  })
})
