import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { totpWindow } from '@mag/otp'
import {
  CodeService,
  createKeytarKeychain,
  createNodeDataFile,
  VaultService,
  type DataFile,
  type KeychainAdapter,
} from '../src'
import { decodeVaultKey, openSecret } from '../src/crypto'
import { detailsAssociatedData } from '../src/entry-binding'
import { VaultError } from '../src/errors'
import { RFC4226_CODES, RFC6238_VECTORS } from '../../otp/tests/rfc-vectors'
import { fixturePath, makeTempDir, requireTestKeyring, uniqueKeychainService } from './helpers'

/*
 * Every detail that shapes or names a code is bound to the entry's ciphertext (AES-GCM
 * associated data, src/entry-binding.ts). These tests edit the data file the way someone
 * with write access to it could, and check that the app notices instead of showing a code.
 */

const ACCOUNT = 'vault-key'
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
/** RFC 6238's 59 s vector. */
const AT_59S = RFC6238_VECTORS[0]!

/**
 * fixtures/vault-v1.json was written by the version-1 vault (secrets bound to their entry
 * id alone, sealed with that version's crypto.ts) under this key. The key protects only
 * the RFC test seeds, so it can live here.
 */
const FIXTURE_KEY = 'tr+xfp2xgpGrLof8F4YkwMBsGplvlX2ptXGvKyVEsLI='
const FIXTURE_IDS = {
  github: '4f0c7a9e-2b1d-4e3f-8a5b-6c7d8e9f0a1b',
  bank: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  cloud: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  hotp: '7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281',
}

type FileJson = {
  version: number
  entries: Array<Record<string, unknown> & { id: string; secret: { data: string } }>
}

let realKeychain: KeychainAdapter
let cleanup: () => Promise<void>
let service: string
let dataPath: string

beforeAll(() => {
  requireTestKeyring()
  realKeychain = createKeytarKeychain()
})
beforeEach(async () => {
  let dir: string
  ;({ dir, cleanup } = await makeTempDir())
  service = uniqueKeychainService()
  dataPath = join(dir, 'vault.json')
})
afterEach(async () => {
  await realKeychain.deletePassword(service, ACCOUNT).catch(() => false)
  await cleanup()
})

async function openVault(dataFile: DataFile = createNodeDataFile(dataPath)) {
  const vault = new VaultService({ keychain: realKeychain, dataFile, keychainService: service })
  expect((await vault.open()).state).toBe('ready')
  return vault
}

async function readJson(): Promise<FileJson> {
  return JSON.parse(await readFile(dataPath, 'utf8')) as FileJson
}

async function editFile(edit: (file: FileJson) => void): Promise<void> {
  const file = await readJson()
  edit(file)
  await writeFile(dataPath, JSON.stringify(file, null, 2))
}

function entryOf(file: FileJson, id: string) {
  const entry = file.entries.find((candidate) => candidate.id === id)
  if (!entry) throw new Error(`no entry ${id}`)
  return entry
}

function caught(run: () => unknown): VaultError {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError)
    return err as VaultError
  }
  throw new Error('expected a VaultError')
}

/** Two TOTP accounts (RFC 6238's SHA1 and SHA256 seeds) and one HOTP account at counter 3. */
async function vaultWithAccounts() {
  const vault = await openVault()
  const github = await vault.add({
    type: 'totp',
    issuer: 'GitHub',
    label: 'alice',
    secret: bytes('12345678901234567890'),
    digits: 8,
  })
  const bank = await vault.add({
    type: 'totp',
    issuer: 'Bank',
    label: 'alice',
    secret: bytes('12345678901234567890123456789012'),
    algorithm: 'SHA256',
    digits: 8,
  })
  const counter = await vault.add({
    type: 'hotp',
    issuer: 'RFC',
    label: 'rfc4226',
    secret: bytes('12345678901234567890'),
    counter: 3,
  })
  return { github, bank, counter }
}

const codesAt59s = (vault: VaultService) => new CodeService({ vault, now: () => 59_000 })

describe('entry details bound to the secret', () => {
  it('an untouched file gives its codes as before', async () => {
    const { github, bank, counter } = await vaultWithAccounts()
    const vault = await openVault()
    const snapshot = codesAt59s(vault).codes()
    expect(snapshot.codes.map(({ id, code }) => [id, code])).toEqual([
      [github.id, AT_59S.codes.SHA1],
      [bank.id, AT_59S.codes.SHA256],
    ])
    expect(snapshot).toMatchObject({ unreadable: [], tampered: [] })
    expect((await codesAt59s(vault).nextHotp(counter.id)).code).toBe(RFC4226_CODES[3])
  })

  it("two rows' issuers swapped in the file: both tampered, neither shows a code", async () => {
    const { github, bank } = await vaultWithAccounts()
    await editFile((file) => {
      const a = entryOf(file, github.id)
      const b = entryOf(file, bank.id)
      ;[a.issuer, b.issuer] = [b.issuer, a.issuer]
    })
    const vault = await openVault()
    // The swap is visible in the names (metadata is readable), never paired with a code.
    expect(vault.list().map((entry) => entry.issuer)).toEqual(['Bank', 'GitHub', 'RFC'])
    const snapshot = codesAt59s(vault).codes()
    expect(snapshot.codes).toEqual([])
    expect(snapshot.tampered).toEqual([github.id, bank.id])
    expect(snapshot.unreadable).toEqual([github.id, bank.id])
    const error = caught(() => vault.readSecret(github.id))
    expect(error.code).toBe('entry-tampered')
    expect(error.message).toMatch(/^Bank \(alice\) was changed outside the app/)
    expect(caught(() => codesAt59s(vault).codeToCopy(bank.id)).code).toBe('entry-tampered')
  })

  it.each([
    ['digits', (entry: Record<string, unknown>) => (entry.digits = 6)],
    ['algorithm', (entry: Record<string, unknown>) => (entry.algorithm = 'SHA512')],
    ['period', (entry: Record<string, unknown>) => (entry.period = 60)],
    ['label', (entry: Record<string, unknown>) => (entry.label = 'mallory')],
    [
      'type',
      (entry: Record<string, unknown>) => Object.assign(entry, { type: 'hotp', counter: 0 }),
    ],
    ['MAG mark', (entry: Record<string, unknown>) => (entry.magCredentialId = 'credential-1')],
  ])(
    '%s edited in the file: that entry is tampered, the others keep their codes',
    async (_, edit) => {
      const { github, bank } = await vaultWithAccounts()
      await editFile((file) => void edit(entryOf(file, github.id)))
      const vault = await openVault()
      const snapshot = codesAt59s(vault).codes()
      expect(snapshot.codes.map(({ id, code }) => [id, code])).toEqual([
        [bank.id, AT_59S.codes.SHA256],
      ])
      expect(caught(() => vault.readSecret(github.id)).code).toBe('entry-tampered')
    },
  )

  it('an HOTP counter edited in the file: Generate is refused and no counter is used', async () => {
    const { counter } = await vaultWithAccounts()
    await editFile((file) => void (entryOf(file, counter.id).counter = 0))
    const before = await readFile(dataPath, 'utf8')
    const vault = await openVault()
    const service = codesAt59s(vault)
    await expect(service.nextHotp(counter.id)).rejects.toMatchObject({ code: 'entry-tampered' })
    // Nor by reserving directly: the counter is checked against the secret when it moves.
    await expect(vault.reserveHotpCounter(counter.id)).rejects.toMatchObject({
      code: 'entry-tampered',
    })
    expect(await readFile(dataPath, 'utf8')).toBe(before)
  })

  it('the MAG mark moved to another entry in the file: both entries are tampered', async () => {
    const vault = await openVault()
    const mag = await vault.add({
      type: 'totp',
      issuer: 'MAG',
      label: 'alice',
      secret: bytes('mag-seed'),
      magCredentialId: 'credential-1',
    })
    const other = await vault.add({ type: 'totp', issuer: 'X', label: 'x', secret: bytes('x') })
    await editFile((file) => {
      delete entryOf(file, mag.id).magCredentialId
      entryOf(file, other.id).magCredentialId = 'credential-1'
    })
    const reopened = await openVault()
    // The app would now compute "the MAG credential's" code from another seed: refused.
    const found = reopened.findByMagCredentialId('credential-1')
    expect(found?.id).toBe(other.id)
    expect(caught(() => reopened.readSecret(other.id)).code).toBe('entry-tampered')
    expect(caught(() => reopened.readSecret(mag.id)).code).toBe('entry-tampered')
  })

  it('a change made while the app is open is caught at the next reload', async () => {
    const { github, bank } = await vaultWithAccounts()
    const vault = await openVault()
    expect(codesAt59s(vault).codes().codes).toHaveLength(2)
    await editFile((file) => {
      const a = entryOf(file, github.id)
      const b = entryOf(file, bank.id)
      ;[a.issuer, b.issuer] = [b.issuer, a.issuer]
    })
    await vault.reloadIfChanged()
    expect(codesAt59s(vault).codes()).toMatchObject({ codes: [], tampered: [github.id, bank.id] })
  })

  it('renaming and each HOTP code re-seal the secret; a move changes no ciphertext', async () => {
    const { github, bank, counter } = await vaultWithAccounts()
    const vault = await openVault()
    const sealedOf = async (id: string) => entryOf(await readJson(), id).secret
    const before = await sealedOf(github.id)
    await vault.update({ id: github.id, issuer: 'GitHub Inc', label: 'alice' })
    expect(await sealedOf(github.id)).not.toEqual(before)
    const hotpBefore = await sealedOf(counter.id)
    await codesAt59s(vault).nextHotp(counter.id)
    expect(await sealedOf(counter.id)).not.toEqual(hotpBefore)

    const bankBefore = await sealedOf(bank.id)
    await vault.move(bank.id, 0)
    expect(await sealedOf(bank.id)).toEqual(bankBefore)

    const reopened = await openVault()
    expect(codesAt59s(reopened).codes()).toMatchObject({ tampered: [] })
    expect((await codesAt59s(reopened).nextHotp(counter.id)).code).toBe(RFC4226_CODES[4])
  })

  it('an edit of an entry already tampered is refused, not re-sealed over the change', async () => {
    const { github } = await vaultWithAccounts()
    await editFile((file) => void (entryOf(file, github.id).digits = 6))
    const vault = await openVault()
    const before = await readFile(dataPath, 'utf8')
    await expect(
      vault.update({ id: github.id, issuer: 'GitHub', label: 'alice' }),
    ).rejects.toMatchObject({ code: 'entry-tampered' })
    expect(await readFile(dataPath, 'utf8')).toBe(before)
    // It can still be deleted (the remedy the message gives).
    await vault.remove(github.id)
    expect(vault.list().map((entry) => entry.issuer)).toEqual(['Bank', 'RFC'])
  })
})

describe('migrating a version-1 file (secrets bound to their ids alone)', () => {
  /** The codes the version-1 file gives, computed straight from it with its own binding. */
  function expectedV1Codes(file: FileJson, nowMs: number) {
    const key = decodeVaultKey(FIXTURE_KEY)
    return file.entries
      .filter((entry) => entry.type === 'totp')
      .map((entry) => {
        const secret = openSecret(key, entry.secret as never, entry.id)
        const code = totpWindow(secret, nowMs, entry as never).code
        return [entry.id, code]
      })
  }

  async function installFixture(): Promise<string> {
    await copyFile(fixturePath('vault-v1.json'), dataPath)
    await realKeychain.setPassword(service, ACCOUNT, FIXTURE_KEY)
    return readFile(dataPath, 'utf8')
  }

  it('gives the same codes after the migration as the version-1 file gave, and says version 2', async () => {
    const original = await installFixture()
    const v1 = JSON.parse(original) as FileJson
    const before = expectedV1Codes(v1, 59_000)
    expect(before.map(([, code]) => code)).toEqual([
      AT_59S.codes.SHA1,
      AT_59S.codes.SHA256,
      AT_59S.codes.SHA512,
    ])

    const vault = await openVault()
    const after = codesAt59s(vault).codes()
    expect(after.codes.map(({ id, code }) => [id, code])).toEqual(before)
    expect(after.tampered).toEqual([])
    expect(await codesAt59s(vault).nextHotp(FIXTURE_IDS.hotp)).toMatchObject({
      code: RFC4226_CODES[3],
      counter: 3,
    })

    // One write at open: version 2, every secret re-sealed to its details, nothing else changed.
    const migrated = await readJson()
    expect(migrated.version).toBe(2)
    const key = decodeVaultKey(FIXTURE_KEY)
    for (const entry of migrated.entries) {
      const old = entryOf(v1, entry.id)
      expect(entry.secret).not.toEqual(old.secret)
      const { secret: _new, counter: newCounter, updatedAt: _u, ...details } = entry
      const { secret: _old, counter: oldCounter, updatedAt: _o, ...oldDetails } = old
      expect(details).toEqual(oldDetails)
      if (entry.id !== FIXTURE_IDS.hotp) expect(newCounter).toBe(oldCounter)
      const opened = openSecret(key, entry.secret as never, detailsAssociatedData(entry as never))
      expect(opened.length).toBeGreaterThan(0)
    }

    // And from now on a swap of issuers is caught, as for any version-2 file.
    await editFile((file) => {
      const a = entryOf(file, FIXTURE_IDS.github)
      const b = entryOf(file, FIXTURE_IDS.bank)
      ;[a.issuer, b.issuer] = [b.issuer, a.issuer]
    })
    expect(codesAt59s(await openVault()).codes().tampered).toEqual([
      FIXTURE_IDS.github,
      FIXTURE_IDS.bank,
    ])
  })

  it('an interrupted migration leaves the version-1 file as it was, codes still work, the next open finishes it', async () => {
    const original = await installFixture()
    const real = createNodeDataFile(dataPath)
    // The write fails as a full disk or a crash before the rename would (the rename is atomic).
    const failing: DataFile = {
      ...real,
      writeAtomic: () => Promise.reject(new Error('ENOSPC: no space left on device')),
    }
    const vault = await openVault(failing)
    expect(await readFile(dataPath, 'utf8')).toBe(original)
    expect(
      codesAt59s(vault)
        .codes()
        .codes.map(({ code }) => code),
    ).toEqual([AT_59S.codes.SHA1, AT_59S.codes.SHA256, AT_59S.codes.SHA512])

    await openVault()
    expect((await readJson()).version).toBe(2)
  })

  it('a change without the vault key keeps the file version 1; the next open with the key migrates it', async () => {
    await installFixture()
    await realKeychain.deletePassword(service, ACCOUNT)
    const keyless = new VaultService({
      keychain: realKeychain,
      dataFile: createNodeDataFile(dataPath),
      keychainService: service,
    })
    expect((await keyless.open()).state).toBe('unavailable')
    await keyless.move(FIXTURE_IDS.cloud, 0)
    await keyless.remove(FIXTURE_IDS.bank)
    const afterKeyless = await readJson()
    expect(afterKeyless.version).toBe(1)

    await realKeychain.setPassword(service, ACCOUNT, FIXTURE_KEY)
    const vault = await openVault()
    expect((await readJson()).version).toBe(2)
    expect(
      codesAt59s(vault)
        .codes()
        .codes.map(({ id, code }) => [id, code]),
    ).toEqual([
      [FIXTURE_IDS.cloud, AT_59S.codes.SHA512],
      [FIXTURE_IDS.github, AT_59S.codes.SHA1],
    ])
  })

  it('a version-1 entry edited before the migration is not laundered: it stays tampered', async () => {
    await installFixture()
    // Damaged ciphertext: it fails its version-1 check, so it cannot be re-sealed.
    await editFile((file) => {
      const data = entryOf(file, FIXTURE_IDS.bank).secret.data
      entryOf(file, FIXTURE_IDS.bank).secret.data =
        (data.startsWith('A') ? 'B' : 'A') + data.slice(1)
    })
    const vault = await openVault()
    expect((await readJson()).version).toBe(2)
    expect(codesAt59s(vault).codes()).toMatchObject({
      tampered: [FIXTURE_IDS.bank],
      codes: [
        { id: FIXTURE_IDS.github, code: AT_59S.codes.SHA1 },
        { id: FIXTURE_IDS.cloud, code: AT_59S.codes.SHA512 },
      ],
    })
  })
})

describe('the associated data encoding', () => {
  const base = {
    id: FIXTURE_IDS.github,
    type: 'totp' as const,
    issuer: 'GitHub',
    label: 'alice',
    algorithm: 'SHA1' as const,
    digits: 6,
    period: 30,
  }

  it('differs when any bound detail differs, including shifts between neighbouring fields', () => {
    const encode = (patch: object) => detailsAssociatedData({ ...base, ...patch }).toString()
    const variants = [
      {},
      { issuer: 'GitHub", "alice' },
      { issuer: 'GitHubalice', label: '' },
      { issuer: 'GitHub', label: 'alice', counter: 0 },
      { digits: 7 },
      { period: 31 },
      { algorithm: 'SHA256' },
      { type: 'hotp' },
      { magCredentialId: 'c' },
      { magCredentialId: 'null' },
      { label: 'null' },
    ]
    expect(new Set(variants.map(encode)).size).toBe(variants.length)
  })

  it('does not depend on group, order or dates (they neither shape nor name a code)', () => {
    const plain = detailsAssociatedData(base)
    const withExtras = detailsAssociatedData({
      ...base,
      ...{ group: 'Work', order: 5, createdAt: 1, updatedAt: 2 },
    } as typeof base)
    expect(withExtras.equals(plain)).toBe(true)
  })

  it('is not the bare id a version-1 secret was bound to', () => {
    expect(detailsAssociatedData(base).toString()).not.toBe(base.id)
  })
})
