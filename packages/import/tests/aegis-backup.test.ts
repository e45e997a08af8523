import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseOtpauthUri } from '@mag/otp'
import { writeAegisEncryptedBackup, writeOtpauthList } from '../src/export/aegis-backup'
import { aegisImporter } from '../src/formats/aegis'
import {
  FAST_SCRYPT,
  aegisDbOf,
  bytesOf,
  comparable,
  expectPreview,
  sampleEntries,
  storableEntry,
} from './backup-fixtures'

describe('writeAegisEncryptedBackup', () => {
  it('writes a vault with Aegis’s scrypt parameters that reads back byte for byte', async () => {
    // The one test that pays for the real parameters (about 100 ms and 32 MB per scrypt).
    const password = 'a long and careful backup password'
    const text = await writeAegisEncryptedBackup({ entries: sampleEntries(), password })
    const vault = JSON.parse(text) as {
      version: number
      header: { slots: Record<string, unknown>[]; params: { nonce: string; tag: string } }
      db: string
    }
    expect(vault.version).toBe(1)
    expect(vault.header.slots).toHaveLength(1)
    expect(vault.header.slots[0]).toMatchObject({
      type: 1,
      n: 32768,
      r: 8,
      p: 1,
      repaired: true,
      salt: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      key: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      key_params: {
        nonce: expect.stringMatching(/^[0-9a-f]{24}$/) as string,
        tag: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      },
    })
    expect(vault.header.params.nonce).toMatch(/^[0-9a-f]{24}$/)
    expect(typeof vault.db).toBe('string')
    expect(text).not.toContain(password)

    const preview = expectPreview(await aegisImporter.read({ bytes: bytesOf(text) }, password))
    expect(comparable(preview.entries)).toEqual(comparable(sampleEntries()))
    expect(preview.problems).toEqual([])
  })

  it('round-trips any entry the vault can hold (small scrypt parameters)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(storableEntry, { minLength: 1, maxLength: 8 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        async (entries, password) => {
          const text = await writeAegisEncryptedBackup({
            entries,
            password,
            scryptParams: FAST_SCRYPT,
          })
          const preview = expectPreview(
            await aegisImporter.read({ bytes: bytesOf(text) }, password),
          )
          expect(preview.problems).toEqual([])
          expect(comparable(preview.entries)).toEqual(comparable(entries))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('writes db version 3: each group once in db.groups, entries referring to it by uuid', async () => {
    const text = await writeAegisEncryptedBackup({
      entries: sampleEntries(),
      password: 'p',
      scryptParams: FAST_SCRYPT,
    })
    const db = (await aegisDbOf(text, 'p')) as {
      version: number
      groups: { uuid: string; name: string }[]
      entries: { groups: string[]; info: Record<string, unknown> }[]
    }
    expect(db.version).toBe(3)
    expect(db.groups.map((group) => group.name)).toEqual(['Work', 'Private'])
    const nameOf = new Map(db.groups.map((group) => [group.uuid, group.name]))
    expect(db.entries.map((entry) => entry.groups.map((uuid) => nameOf.get(uuid)))).toEqual([
      ['Work'],
      [],
      ['Work'],
      ['Private'],
    ])
    // totp entries carry a period, hotp entries a counter, as Aegis's OtpInfo reads them.
    expect(db.entries.map((entry) => Object.keys(entry.info).sort())).toEqual([
      ['algo', 'digits', 'period', 'secret'],
      ['algo', 'digits', 'period', 'secret'],
      ['algo', 'counter', 'digits', 'secret'],
      ['algo', 'digits', 'period', 'secret'],
    ])
  })

  it('refuses an empty password and parameters the reader would refuse', async () => {
    await expect(
      writeAegisEncryptedBackup({ entries: sampleEntries(), password: '' }),
    ).rejects.toThrow(/must not be empty/)
    await expect(
      writeAegisEncryptedBackup({
        entries: sampleEntries(),
        password: 'p',
        scryptParams: { N: 2 ** 21, r: 8, p: 1 },
      }),
    ).rejects.toThrow(/out of range/)
  })
})

describe('writeOtpauthList', () => {
  it('writes one otpauth link per line that reads back as the same account', () => {
    const entries = sampleEntries()
    const lines = writeOtpauthList(entries).split('\n')
    expect(lines.at(-1)).toBe('')
    const read = lines.slice(0, -1).map((line) => parseOtpauthUri(line))
    expect(comparable(read)).toEqual(comparable(entries.map(({ group: _group, ...rest }) => rest)))
  })

  it('writes nothing for no entries', () => {
    expect(writeOtpauthList([])).toBe('')
  })
})
