import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createKeytarKeychain,
  createNodeDataFile,
  VaultService,
  type KeychainAdapter,
} from '../src'
import { decodeVaultKey, openSecret } from '../src/crypto'
import { detailsAssociatedData } from '../src/entry-binding'
import { VaultError } from '../src/errors'
import { parseKeychainItem } from '../src/password-slot'
import { parseVaultFile } from '../src/migrations'
import { makeTempDir, requireTestKeyring, uniqueKeychainService } from './helpers'

const ACCOUNT = 'vault-key'
const NEXT = 'vault-key.next'
const SECRET = new TextEncoder().encode('12345678901234567890')
const PASSWORD = 'correct horse battery'
const OTHER = 'another long password'

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
  await realKeychain.deletePassword(service, NEXT).catch(() => false)
  await cleanup()
})

function makeVault(keychain: KeychainAdapter = realKeychain, path = dataPath, svc = service) {
  return new VaultService({ keychain, dataFile: createNodeDataFile(path), keychainService: svc })
}

/** A ready vault with one entry; answers it and the entry's id. */
async function vaultWithEntry(): Promise<{ vault: VaultService; id: string }> {
  const vault = makeVault()
  expect((await vault.open()).state).toBe('ready')
  const entry = await vault.add({ type: 'totp', issuer: 'GitHub', label: 'ada', secret: SECRET })
  return { vault, id: entry.id }
}

async function expectCode(
  action: Promise<unknown> | (() => unknown),
  code: string,
  field?: string,
) {
  let caught: unknown
  try {
    await (typeof action === 'function' ? action() : action)
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(VaultError)
  expect((caught as VaultError).code).toBe(code)
  if (field !== undefined) expect((caught as VaultError).field).toBe(field)
  // Never a password in an error.
  for (const secret of [PASSWORD, OTHER, 'wrong password']) {
    expect((caught as Error).message).not.toContain(secret)
  }
}

const itemText = async (account = ACCOUNT): Promise<string | null> =>
  realKeychain.getPassword(service, account)

describe('vault password', () => {
  it('set, reopen locked, unlock: the same key, the data file not rewritten', async () => {
    const { vault, id } = await vaultWithEntry()
    const rawKey = decodeVaultKey((await itemText()) as string)
    const fileBefore = await readFile(dataPath, 'utf8')
    expect(vault.hasPassword()).toBe(false)

    await vault.setPassword(PASSWORD)
    expect(vault.hasPassword()).toBe(true)
    expect(vault.status().state).toBe('ready') // setting does not lock
    expect(await readFile(dataPath, 'utf8')).toBe(fileBefore)
    const item = parseKeychainItem((await itemText()) as string)
    expect(item.kind).toBe('slot')
    expect(await itemText(NEXT)).toBeNull() // the staged copy is gone

    const reopened = makeVault()
    expect(await reopened.open()).toMatchObject({ state: 'locked', entryCount: 1 })
    expect(reopened.list().map((e) => e.issuer)).toEqual(['GitHub'])
    await expectCode(() => reopened.readSecret(id), 'locked')
    await expectCode(
      reopened.add({ type: 'totp', issuer: 'X', label: 'y', secret: SECRET }),
      'locked',
    )

    expect((await reopened.unlock(PASSWORD)).state).toBe('ready')
    expect(Buffer.from(reopened.readSecret(id))).toEqual(Buffer.from(SECRET))
    // Same key: the entry's ciphertext opens under the key the keychain held before.
    const stored = parseVaultFile(await readFile(dataPath, 'utf8')).file.entries[0]!
    expect(Buffer.from(openSecret(rawKey, stored.secret, detailsAssociatedData(stored)))).toEqual(
      Buffer.from(SECRET),
    )
    expect(await readFile(dataPath, 'utf8')).toBe(fileBefore)
  })

  it('a wrong password is refused as password-wrong and leaves the vault locked', async () => {
    const { vault, id } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    const reopened = makeVault()
    await reopened.open()
    await expectCode(reopened.unlock('wrong password'), 'password-wrong', 'password')
    expect(reopened.status().state).toBe('locked')
    await expectCode(() => reopened.readSecret(id), 'locked')
    await reopened.unlock(PASSWORD)
    expect(reopened.status().state).toBe('ready')
  })

  it('lock() forgets the key in memory; unlock brings it back', async () => {
    const { vault, id } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    vault.readSecret(id)
    expect(vault.lock().state).toBe('locked')
    await expectCode(() => vault.readSecret(id), 'locked')
    await expectCode(vault.reserveHotpCounter(id), 'locked')
    await vault.unlock(PASSWORD)
    expect(Buffer.from(vault.readSecret(id))).toEqual(Buffer.from(SECRET))
  })

  it('change: needs the current password; afterwards only the new one unlocks', async () => {
    const { vault, id } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    const fileBefore = await readFile(dataPath, 'utf8')
    const slotBefore = await itemText()
    await expectCode(vault.setPassword(OTHER), 'password-wrong', 'currentPassword')
    await expectCode(
      vault.setPassword(OTHER, { currentPassword: 'wrong password' }),
      'password-wrong',
      'currentPassword',
    )
    expect(await itemText()).toBe(slotBefore)

    await vault.setPassword(OTHER, { currentPassword: PASSWORD })
    expect(await itemText()).not.toBe(slotBefore)
    expect(await readFile(dataPath, 'utf8')).toBe(fileBefore)
    const reopened = makeVault()
    await reopened.open()
    await expectCode(reopened.unlock(PASSWORD), 'password-wrong')
    await reopened.unlock(OTHER)
    expect(Buffer.from(reopened.readSecret(id))).toEqual(Buffer.from(SECRET))
  })

  it('remove: needs the current password; the keychain holds the bare key again', async () => {
    const { vault, id } = await vaultWithEntry()
    const rawText = await itemText()
    await vault.setPassword(PASSWORD)
    const fileBefore = await readFile(dataPath, 'utf8')
    await expectCode(vault.removePassword('wrong password'), 'password-wrong', 'currentPassword')
    expect(parseKeychainItem((await itemText()) as string).kind).toBe('slot')

    await vault.removePassword(PASSWORD)
    expect(vault.hasPassword()).toBe(false)
    expect(await itemText()).toBe(rawText)
    expect(await readFile(dataPath, 'utf8')).toBe(fileBefore)
    const reopened = makeVault()
    expect((await reopened.open()).state).toBe('ready')
    expect(Buffer.from(reopened.readSecret(id))).toEqual(Buffer.from(SECRET))
    await expectCode(() => reopened.lock(), 'password-not-set')
  })

  it('without a password: lock, unlock and remove say password-not-set; a locked vault cannot set one', async () => {
    const { vault } = await vaultWithEntry()
    await expectCode(() => vault.lock(), 'password-not-set')
    await expectCode(vault.unlock(PASSWORD), 'password-not-set')
    await expectCode(vault.removePassword(PASSWORD), 'password-not-set')
    await expectCode(vault.setPassword('short'), 'invalid-argument', 'newPassword')
    expect(parseKeychainItem((await itemText()) as string).kind).toBe('key')
    await vault.setPassword(PASSWORD)
    vault.lock()
    await expectCode(vault.setPassword(OTHER, { currentPassword: PASSWORD }), 'locked')
  })

  it('an interrupted change leaves the old slot usable (the write of the main item fails)', async () => {
    const { vault, id } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    const oldSlot = await itemText()
    // The one fault that cannot be produced for real: the process dies (here: the keychain
    // refuses) between staging the new slot and replacing the main item.
    const failingMain: KeychainAdapter = {
      ...realKeychain,
      setPassword: async (svc, account, text) => {
        if (account === ACCOUNT) throw new Error('simulated crash before the swap')
        return realKeychain.setPassword(svc, account, text)
      },
    }
    const interrupted = makeVault(failingMain)
    await interrupted.open()
    await interrupted.unlock(PASSWORD)
    await expect(interrupted.setPassword(OTHER, { currentPassword: PASSWORD })).rejects.toThrow()
    expect(await itemText()).toBe(oldSlot)
    expect(await itemText(NEXT)).not.toBeNull()

    // The old password still opens it (and the stale copy is dropped).
    const withOld = makeVault()
    await withOld.open()
    await withOld.unlock(PASSWORD)
    expect(Buffer.from(withOld.readSecret(id))).toEqual(Buffer.from(SECRET))
    expect(await itemText(NEXT)).toBeNull()
    expect(await itemText()).toBe(oldSlot)
  })

  it('an interrupted change: the new password also opens it, from the staged copy, and finishes the swap', async () => {
    const { vault, id } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    const failingMain: KeychainAdapter = {
      ...realKeychain,
      setPassword: async (svc, account, text) => {
        if (account === ACCOUNT) throw new Error('simulated crash before the swap')
        return realKeychain.setPassword(svc, account, text)
      },
    }
    const interrupted = makeVault(failingMain)
    await interrupted.open()
    await interrupted.unlock(PASSWORD)
    await expect(interrupted.setPassword(OTHER, { currentPassword: PASSWORD })).rejects.toThrow()
    const staged = await itemText(NEXT)

    const withNew = makeVault()
    await withNew.open()
    await withNew.unlock(OTHER)
    expect(Buffer.from(withNew.readSecret(id))).toEqual(Buffer.from(SECRET))
    expect(await itemText()).toBe(staged)
    expect(await itemText(NEXT)).toBeNull()
    const again = makeVault()
    await again.open()
    await expectCode(again.unlock(PASSWORD), 'password-wrong')
  })

  it('a copy of the keychain item and the data file is not enough: it is not the key', async () => {
    const { vault, id } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    const copied = (await itemText()) as string
    expect(() => decodeVaultKey(copied)).toThrow()
    const item = parseKeychainItem(copied)
    if (item.kind !== 'slot') throw new Error('expected a slot')
    // The wrapped bytes used as the key open nothing.
    const stored = parseVaultFile(await readFile(dataPath, 'utf8')).file.entries[0]!
    const wrapped = Buffer.from(item.slot.wrappedKey, 'base64')
    expect(() => openSecret(wrapped, stored.secret, detailsAssociatedData(stored))).toThrow()

    // Another keychain with the copied item and the same data file: locked, nothing readable.
    const thief = uniqueKeychainService()
    await realKeychain.setPassword(thief, ACCOUNT, copied)
    try {
      const stolen = makeVault(realKeychain, dataPath, thief)
      expect((await stolen.open()).state).toBe('locked')
      await expectCode(() => stolen.readSecret(id), 'locked')
      await expectCode(stolen.unlock('wrong password'), 'password-wrong')
    } finally {
      await realKeychain.deletePassword(thief, ACCOUNT)
    }
  })

  it('a slot with edited KDF parameters fails like a wrong password; absurd ones are refused unread', async () => {
    const { vault } = await vaultWithEntry()
    await vault.setPassword(PASSWORD)
    const slot = JSON.parse((await itemText()) as string) as { params: { N: number } }
    await realKeychain.setPassword(
      service,
      ACCOUNT,
      JSON.stringify({ ...slot, params: { ...slot.params, N: 2 ** 14 } }),
    )
    const edited = makeVault()
    expect((await edited.open()).state).toBe('locked')
    await expectCode(edited.unlock(PASSWORD), 'password-wrong')

    await realKeychain.setPassword(
      service,
      ACCOUNT,
      JSON.stringify({ ...slot, params: { ...slot.params, N: 2 ** 30 } }),
    )
    const absurd = makeVault()
    const status = await absurd.open()
    expect(status.state).toBe('unavailable')
    if (status.state === 'unavailable') expect(status.problem.kind).toBe('vault-key-missing')
  })
})
