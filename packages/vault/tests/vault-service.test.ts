import { randomBytes, randomUUID } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VaultError } from '../src/errors'
import {
  createKeytarKeychain,
  createNodeDataFile,
  VaultService,
  type KeychainAdapter,
} from '../src'
import { encodeVaultKey, generateVaultKey, sealSecret, vaultKeyCheck } from '../src/crypto'
import { detailsAssociatedData } from '../src/entry-binding'
import { serializeVaultFile, type StoredEntry } from '../src/schema'
import { countingKeychain, makeTempDir, requireTestKeyring, uniqueKeychainService } from './helpers'

const ACCOUNT = 'vault-key'
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
// RFC 4226's test secret, in raw and base32 form, to grep the file for both.
const RFC_SECRET = '12345678901234567890'
const RFC_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

let realKeychain: KeychainAdapter
let dir: string
let cleanup: () => Promise<void>
let service: string
let dataPath: string

beforeAll(() => {
  requireTestKeyring()
  realKeychain = createKeytarKeychain()
})
beforeEach(async () => {
  ;({ dir, cleanup } = await makeTempDir())
  service = uniqueKeychainService()
  dataPath = join(dir, 'vault.json')
})
afterEach(async () => {
  await realKeychain.deletePassword(service, ACCOUNT).catch(() => false)
  await cleanup()
})

function makeVault(keychain: KeychainAdapter = realKeychain): VaultService {
  return new VaultService({
    keychain,
    dataFile: createNodeDataFile(dataPath),
    keychainService: service,
  })
}

async function openVault(keychain?: KeychainAdapter): Promise<VaultService> {
  const vault = makeVault(keychain)
  const status = await vault.open()
  expect(status.state).toBe('ready')
  return vault
}

async function expectVaultError(promise: Promise<unknown> | (() => unknown), code: string) {
  let caught: unknown
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(VaultError)
  expect((caught as VaultError).code).toBe(code)
  return caught as VaultError
}

describe('VaultService with the real keychain', () => {
  it('first run creates a key in the keychain and an empty data file', async () => {
    const { keychain, calls } = countingKeychain(realKeychain)
    const vault = makeVault(keychain)
    expect(await vault.open()).toEqual({ state: 'ready', entryCount: 0, notices: [] })
    expect(calls).toMatchObject({ getPassword: 1, setPassword: 1 })
    const stored = await realKeychain.getPassword(service, ACCOUNT)
    expect(Buffer.from(stored ?? '', 'base64')).toHaveLength(32)
    const file = JSON.parse(await readFile(dataPath, 'utf8'))
    expect(file).toEqual({ version: 2, keyCheck: expect.any(String), entries: [] })
  })

  it('add, list, update, remove and move persist across a new instance', async () => {
    const vault = await openVault()
    const a = await vault.add({ type: 'totp', issuer: 'GitHub', label: 'me@x', secret: bytes('a') })
    const b = await vault.add({
      type: 'hotp',
      issuer: 'Bank',
      label: 'card',
      secret: bytes('b'),
      algorithm: 'SHA256',
      digits: 8,
      counter: 5,
    })
    const c = await vault.add({
      type: 'totp',
      issuer: '',
      label: 'plain',
      secret: bytes('c'),
      group: 'Work',
    })
    expect(b).toMatchObject({
      type: 'hotp',
      algorithm: 'SHA256',
      digits: 8,
      counter: 5,
      period: 30,
    })
    expect(a.counter).toBeUndefined()
    expect(c.group).toBe('Work')

    const edited = await vault.update({ id: a.id, issuer: 'GitHub Inc', label: 'me@example.com' })
    expect(edited).toMatchObject({ id: a.id, issuer: 'GitHub Inc', label: 'me@example.com' })
    expect((await vault.move(c.id, 0)).map((e) => e.label)).toEqual([
      'plain',
      'me@example.com',
      'card',
    ])
    expect((await vault.move(c.id, 99)).map((e) => e.label)).toEqual([
      'me@example.com',
      'card',
      'plain',
    ])
    await vault.remove(b.id)

    const reopened = await openVault()
    expect(reopened.list()).toEqual([
      { ...a, issuer: 'GitHub Inc', label: 'me@example.com' },
      { ...c },
    ])
    expect(new TextDecoder().decode(reopened.readSecret(c.id))).toBe('c')
    expect(reopened.status()).toEqual({ state: 'ready', entryCount: 2, notices: [] })
  })

  it('keeps only ciphertext on disk', async () => {
    const vault = await openVault()
    const entry = await vault.add({
      type: 'totp',
      issuer: 'RFC',
      label: 'vector',
      secret: bytes(RFC_SECRET),
    })
    const onDisk = await readFile(dataPath)
    const text = onDisk.toString('utf8')
    expect(onDisk.includes(Buffer.from(RFC_SECRET))).toBe(false)
    expect(text.toUpperCase()).not.toContain(RFC_SECRET_BASE32)
    expect(text).not.toContain(Buffer.from(RFC_SECRET).toString('base64'))
    expect(text).not.toContain(Buffer.from(RFC_SECRET).toString('hex'))
    // …and the key is not there either.
    const key = (await realKeychain.getPassword(service, ACCOUNT)) ?? ''
    expect(text).not.toContain(key)
    expect(Buffer.from(vault.readSecret(entry.id)).toString()).toBe(RFC_SECRET)
  })

  it('opens 1000 entries with exactly one keychain read', async () => {
    const key = generateVaultKey(randomBytes)
    await realKeychain.setPassword(service, ACCOUNT, encodeVaultKey(key))
    const entries: StoredEntry[] = Array.from({ length: 1000 }, (_, order) => {
      const entry: StoredEntry = {
        id: randomUUID(),
        type: 'totp',
        issuer: `Issuer ${order}`,
        label: `user${order}`,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        order,
        secret: { iv: '', tag: '', data: '' },
        createdAt: 1,
        updatedAt: 1,
      }
      const aad = detailsAssociatedData(entry)
      return { ...entry, secret: sealSecret(key, bytes(`secret-${order}`), aad, randomBytes) }
    })
    await writeFile(
      dataPath,
      serializeVaultFile({ version: 2, keyCheck: vaultKeyCheck(key), entries }),
    )

    const { keychain, calls } = countingKeychain(realKeychain)
    const vault = makeVault(keychain)
    expect(await vault.open()).toEqual({ state: 'ready', entryCount: 1000, notices: [] })
    const last = entries[999]!
    expect(new TextDecoder().decode(vault.readSecret(last.id))).toBe('secret-999')
    expect(vault.list()[500]?.label).toBe('user500')
    expect(calls).toEqual({ getPassword: 1, setPassword: 0, deletePassword: 0, isItemLocked: 0 })
  })

  it('key gone from the keychain with entries on disk: vault-key-missing, file unchanged', async () => {
    const vault = await openVault()
    const entry = await vault.add({ type: 'totp', issuer: 'X', label: 'y', secret: bytes('z') })
    const before = await readFile(dataPath)
    expect(await realKeychain.deletePassword(service, ACCOUNT)).toBe(true)

    const { keychain, calls } = countingKeychain(realKeychain)
    const after = makeVault(keychain)
    const status = await after.open()
    expect(status).toMatchObject({
      state: 'unavailable',
      entryCount: 1,
      problem: { kind: 'vault-key-missing', remedy: expect.stringMatching(/restore .* backup/) },
    })
    // Never a new key over existing data.
    expect(calls.setPassword).toBe(0)
    expect(await realKeychain.getPassword(service, ACCOUNT)).toBeNull()
    expect(await readFile(dataPath)).toEqual(before)
    // Metadata is still listable; secrets are not.
    expect(after.list().map((e) => e.label)).toEqual(['y'])
    await expectVaultError(() => after.readSecret(entry.id), 'vault-key-missing')
    await expectVaultError(
      after.add({ type: 'totp', issuer: 'n', label: 'n', secret: bytes('n') }),
      'vault-key-missing',
    )
    await expectVaultError(after.reserveHotpCounter(entry.id), 'vault-key-missing')
    expect(await readFile(dataPath)).toEqual(before)
    expect(await readdir(dir)).toEqual(['vault.json'])
  })

  it('a different key in the keychain is not accepted for the existing data', async () => {
    const vault = await openVault()
    await vault.add({ type: 'totp', issuer: 'X', label: 'y', secret: bytes('z') })
    const before = await readFile(dataPath)
    await realKeychain.setPassword(service, ACCOUNT, encodeVaultKey(generateVaultKey(randomBytes)))
    const status = await makeVault().open()
    expect(status).toMatchObject({
      state: 'unavailable',
      problem: { kind: 'vault-key-missing', message: expect.stringMatching(/does not match/) },
    })
    expect(await readFile(dataPath)).toEqual(before)
  })

  it('moves a corrupt data file aside, keeps it byte for byte, and starts empty', async () => {
    const vault = await openVault()
    await vault.add({ type: 'totp', issuer: 'X', label: 'y', secret: bytes('z') })
    const corrupt = Buffer.concat([await readFile(dataPath)]).subarray(0, 120)
    await writeFile(dataPath, corrupt)

    const next = makeVault()
    const status = await next.open()
    expect(status.state).toBe('ready')
    expect(status.entryCount).toBe(0)
    expect(status.notices).toHaveLength(1)
    const notice = status.notices[0]!
    expect(notice).toMatchObject({
      kind: 'data-file-corrupt-moved',
      message: expect.stringMatching(/not valid JSON/),
    })
    expect(notice.path).toMatch(/vault\.json\.corrupt-/)
    expect(await readFile(notice.path!)).toEqual(corrupt)
    // The vault works on, with a fresh file, and the corrupt copy stays.
    await next.add({ type: 'totp', issuer: 'New', label: 'after', secret: bytes('q') })
    expect(await readFile(notice.path!)).toEqual(corrupt)
    expect(JSON.parse(await readFile(dataPath, 'utf8')).entries).toHaveLength(1)
  })

  it('a file corrupted while the vault is open is moved aside on the next change, losing nothing', async () => {
    const vault = await openVault()
    await vault.add({ type: 'totp', issuer: 'A', label: 'before', secret: bytes('1') })
    await writeFile(dataPath, 'garbage written by something else')
    await vault.add({ type: 'totp', issuer: 'B', label: 'after', secret: bytes('2') })
    const notice = vault.status().notices[0]
    expect(notice?.kind).toBe('data-file-corrupt-moved')
    expect(await readFile(notice!.path!, 'utf8')).toBe('garbage written by something else')
    // The change was applied to the last good state this instance had read.
    expect((await openVault()).list().map((e) => e.label)).toEqual(['before', 'after'])
  })

  it('a file that fails the schema is moved aside too', async () => {
    await openVault()
    const bad = JSON.stringify({ version: 1, entries: [{ id: 'nope' }] })
    await writeFile(dataPath, bad)
    const status = await makeVault().open()
    expect(status.notices[0]?.message).toMatch(/at entries\.0\./)
    expect(await readFile(status.notices[0]!.path!, 'utf8')).toBe(bad)
  })

  it('refuses a data file from a newer version and never touches it', async () => {
    await openVault()
    const newer = JSON.stringify({ version: 3, entries: [], somethingNew: true })
    await writeFile(dataPath, newer)
    const vault = makeVault()
    const err = await expectVaultError(vault.open(), 'data-file-too-new')
    expect(err.message).toMatch(/newer version .* left untouched/)
    await expectVaultError(
      vault.add({ type: 'totp', issuer: 'a', label: 'b', secret: bytes('c') }),
      'data-file-too-new',
    )
    await expectVaultError(() => vault.status(), 'data-file-too-new')
    await expectVaultError(() => vault.list(), 'data-file-too-new')
    expect(await readFile(dataPath, 'utf8')).toBe(newer)
    expect(await readdir(dir)).toEqual(['vault.json'])
  })

  it('HOTP: the next counter is on disk before the counter is returned', async () => {
    const vault = await openVault()
    const entry = await vault.add({
      type: 'hotp',
      issuer: 'H',
      label: 'otp',
      secret: bytes('s'),
      counter: 7,
    })
    const onDiskCounter = async () =>
      JSON.parse(await readFile(dataPath, 'utf8')).entries.find(
        (e: { id: string }) => e.id === entry.id,
      ).counter as number

    expect(await vault.reserveHotpCounter(entry.id)).toBe(7)
    expect(await onDiskCounter()).toBe(8)
    expect(await vault.reserveHotpCounter(entry.id)).toBe(8)
    expect(await onDiskCounter()).toBe(9)
    // Another instance (as after a crash) continues from the stored counter, never repeating.
    const restarted = await openVault()
    expect(restarted.list()[0]?.counter).toBe(9)
    expect(await restarted.reserveHotpCounter(entry.id)).toBe(9)
  })

  it('HOTP reservation refuses a TOTP entry and an unknown id', async () => {
    const vault = await openVault()
    const totp = await vault.add({ type: 'totp', issuer: 'T', label: 't', secret: bytes('s') })
    const err = await expectVaultError(vault.reserveHotpCounter(totp.id), 'invalid-argument')
    expect(err.field).toBe('id')
    await expectVaultError(vault.reserveHotpCounter(randomUUID()), 'not-found')
  })

  it('unknown ids are not-found and change nothing', async () => {
    const vault = await openVault()
    await vault.add({ type: 'totp', issuer: 'T', label: 't', secret: bytes('s') })
    const before = await readFile(dataPath)
    const missing = randomUUID()
    await expectVaultError(vault.update({ id: missing, issuer: 'a', label: 'b' }), 'not-found')
    await expectVaultError(vault.remove(missing), 'not-found')
    await expectVaultError(vault.move(missing, 0), 'not-found')
    await expectVaultError(() => vault.readSecret(missing), 'not-found')
    expect(await readFile(dataPath)).toEqual(before)
  })

  it.each([
    ['label', { label: '  ' }, /Label is required/],
    ['secret', { secret: new Uint8Array() }, /Secret is empty/],
    ['digits', { digits: 9 }, /Digits must be 6, 7 or 8/],
    ['period', { period: 0 }, /Period must be at least 1 second/],
    ['counter', { type: 'hotp', counter: -1 }, /Counter cannot be negative/],
  ])('bad %s is refused naming the field, nothing stored', async (field, patch, message) => {
    const vault = await openVault()
    const before = await readFile(dataPath)
    const input = { type: 'totp', issuer: 'I', label: 'L', secret: bytes('s'), ...patch }
    const err = await expectVaultError(
      vault.add(input as Parameters<VaultService['add']>[0]),
      'invalid-argument',
    )
    expect(err.field).toBe(field)
    expect(err.message).toMatch(message)
    expect(await readFile(dataPath)).toEqual(before)
    expect(vault.list()).toEqual([])
  })

  it('a change from another instance is kept when this one writes (re-read under the lock)', async () => {
    const first = await openVault()
    const second = await openVault()
    await first.add({ type: 'totp', issuer: 'A', label: 'from-first', secret: bytes('1') })
    await second.add({ type: 'totp', issuer: 'B', label: 'from-second', secret: bytes('2') })
    const labels = (await openVault()).list().map((e) => e.label)
    expect(labels).toEqual(['from-first', 'from-second'])
  })

  it('rejects the ciphertext of one entry pasted onto another (its details are associated data)', async () => {
    const vault = await openVault()
    const a = await vault.add({ type: 'totp', issuer: 'A', label: 'a', secret: bytes('aaa') })
    const b = await vault.add({ type: 'totp', issuer: 'B', label: 'b', secret: bytes('bbb') })
    const file = JSON.parse(await readFile(dataPath, 'utf8'))
    file.entries[1].secret = file.entries[0].secret
    await writeFile(dataPath, JSON.stringify(file))
    const reopened = await openVault()
    expect(new TextDecoder().decode(reopened.readSecret(a.id))).toBe('aaa')
    await expectVaultError(() => reopened.readSecret(b.id), 'entry-tampered')
  })
})
