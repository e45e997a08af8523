import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateVaultKey, openSecret, sealSecret } from '../src/crypto'
import { parseVaultFile, VaultFileCorruptError, VaultFileTooNewError } from '../src/migrations'
import { CURRENT_VAULT_VERSION, serializeVaultFile } from '../src/schema'

const key = generateVaultKey(randomBytes)
const ids = ['0b9f1a4e-6c1d-4f0e-9a37-6a1d2c3b4e5f', '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716']

function legacyEntry(id: string, label: string): Record<string, unknown> & { secret: unknown } {
  return {
    id,
    type: 'totp',
    issuer: 'Legacy',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: sealSecret(key, new TextEncoder().encode(label), id, randomBytes),
  }
}

describe('vault file schema and migrations', () => {
  it('reads a current file unchanged', () => {
    const text = serializeVaultFile({ version: 2, entries: [] })
    expect(parseVaultFile(text)).toEqual({
      file: { version: 2, entries: [] },
      migratedFrom: null,
      idOnlySeals: false,
    })
  })

  it('migrates a version-less (v0) file: array order becomes order, dates default', () => {
    const legacy = { entries: [legacyEntry(ids[0]!, 'first'), legacyEntry(ids[1]!, 'second')] }
    const { file, migratedFrom, idOnlySeals } = parseVaultFile(JSON.stringify(legacy))
    expect(migratedFrom).toBe(0)
    // Bound to their ids alone until the vault re-seals them with the key.
    expect(idOnlySeals).toBe(true)
    expect(file.version).toBe(CURRENT_VAULT_VERSION)
    expect(file.entries.map((e) => [e.label, e.order, e.createdAt])).toEqual([
      ['first', 0, 0],
      ['second', 1, 0],
    ])
    // The ciphertext survives the migration.
    const first = file.entries[0]!
    expect(new TextDecoder().decode(openSecret(key, first.secret, first.id))).toBe('first')
  })

  it("migrates electron-store's empty store `{}` to an empty vault", () => {
    expect(parseVaultFile('{}').file).toEqual({ version: 2, entries: [] })
  })

  it('refuses a file from a newer version with a clear error', () => {
    const err = (() => {
      try {
        parseVaultFile(
          JSON.stringify({ version: CURRENT_VAULT_VERSION + 1, entries: [], newField: 1 }),
        )
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(VaultFileTooNewError)
    expect((err as Error).message).toMatch(/newer version of MAG Authenticator \(format 3/)
  })

  it.each([
    ['not JSON', '{"version": 1, "entries": [', /not valid JSON/],
    ['an array', '[]', /does not hold a JSON object/],
    ['a bad version', '{"version": "one", "entries": []}', /invalid "version"/],
    ['a bad entry', '{"version": 1, "entries": [{"id": "x"}]}', /at entries\.0\./],
  ])('calls %s corrupt, naming what is wrong', (_name, text, message) => {
    expect(() => parseVaultFile(text)).toThrow(VaultFileCorruptError)
    expect(() => parseVaultFile(text)).toThrow(message)
  })

  it('refuses an IV or tag of the wrong length', () => {
    const entry = { ...legacyEntry(ids[0]!, 'a'), order: 0, createdAt: 1, updatedAt: 1 }
    const sealed = entry.secret as { iv: string; tag: string; data: string }
    const shortIv = { ...entry, secret: { ...sealed, iv: Buffer.alloc(8).toString('base64') } }
    const longTag = { ...entry, secret: { ...sealed, tag: Buffer.alloc(17).toString('base64') } }
    expect(() => parseVaultFile(JSON.stringify({ version: 1, entries: [shortIv] }))).toThrow(
      /entries\.0\.secret\.iv: must be 12 bytes of base64/,
    )
    expect(() => parseVaultFile(JSON.stringify({ version: 1, entries: [longTag] }))).toThrow(
      /entries\.0\.secret\.tag: must be 16 bytes of base64/,
    )
    expect(
      parseVaultFile(JSON.stringify({ version: 1, entries: [entry] })).file.entries,
    ).toHaveLength(1)
  })

  it('refuses duplicate entry ids', () => {
    const entry = { ...legacyEntry(ids[0]!, 'a'), order: 0, createdAt: 1, updatedAt: 1 }
    const text = JSON.stringify({ version: 1, entries: [entry, { ...entry, order: 1 }] })
    expect(() => parseVaultFile(text)).toThrow(/duplicate entry id/)
  })
})
