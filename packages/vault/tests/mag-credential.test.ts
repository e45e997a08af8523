import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VaultError } from '../src/errors'
import {
  createKeytarKeychain,
  createNodeDataFile,
  entrySummarySchema,
  newEntryInputSchema,
  VaultService,
  type KeychainAdapter,
} from '../src'
import { makeTempDir, requireTestKeyring, uniqueKeychainService } from './helpers'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const CREDENTIAL = '3f1c9a52-8d1e-4b7a-9c2e-5a6b7c8d9e0f'

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
  await realKeychain.deletePassword(service, 'vault-key').catch(() => false)
  await cleanup()
})

async function openVault(): Promise<VaultService> {
  const vault = new VaultService({
    keychain: realKeychain,
    dataFile: createNodeDataFile(dataPath),
    keychainService: service,
  })
  expect((await vault.open()).state).toBe('ready')
  return vault
}

async function caught(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(error).toBeInstanceOf(VaultError)
  return error as VaultError
}

describe('the MAG credential mark on a vault entry', () => {
  it('is stored with the entry, in its summary, across a reopen, and found by its id', async () => {
    const vault = await openVault()
    await vault.add({ type: 'totp', issuer: 'GitHub', label: 'me', secret: bytes('g') })
    const mag = await vault.add({
      type: 'totp',
      issuer: 'MAG',
      label: 'alice',
      secret: bytes('m'),
      magCredentialId: CREDENTIAL,
    })
    expect(mag.magCredentialId).toBe(CREDENTIAL)
    // The summary crosses IPC: the channel map's schema must accept it unchanged.
    expect(entrySummarySchema.parse(mag)).toEqual(mag)

    const reopened = await openVault()
    expect(reopened.findByMagCredentialId(CREDENTIAL)).toEqual(mag)
    expect(reopened.findByMagCredentialId('another-credential')).toBeUndefined()
    const [plain] = reopened.list()
    expect(plain).not.toHaveProperty('magCredentialId')
    const onDisk = JSON.parse(await readFile(dataPath, 'utf8')) as {
      entries: Array<{ magCredentialId?: string }>
    }
    expect(onDisk.entries.map((entry) => entry.magCredentialId)).toEqual([undefined, CREDENTIAL])
  })

  it('is kept by edits and moves', async () => {
    const vault = await openVault()
    const mag = await vault.add({
      type: 'totp',
      issuer: 'MAG',
      label: 'alice',
      secret: bytes('m'),
      magCredentialId: CREDENTIAL,
    })
    await vault.add({ type: 'totp', issuer: 'X', label: 'x', secret: bytes('x') })
    await vault.update({ id: mag.id, issuer: 'MAG portal', label: 'alice' })
    await vault.move(mag.id, 1)
    expect((await openVault()).findByMagCredentialId(CREDENTIAL)).toMatchObject({
      id: mag.id,
      issuer: 'MAG portal',
    })
  })

  it('belongs to one entry: a second entry for the same credential is refused, nothing stored', async () => {
    const vault = await openVault()
    const entry = { type: 'totp' as const, issuer: 'MAG', label: 'alice', secret: bytes('m') }
    await vault.add({ ...entry, magCredentialId: CREDENTIAL })
    const before = await readFile(dataPath)
    const again = await caught(vault.add({ ...entry, magCredentialId: CREDENTIAL }))
    expect(again.code).toBe('conflict')
    expect(again.field).toBe('magCredentialId')
    const batch = await caught(
      vault.addMany([
        { ...entry, magCredentialId: 'other' },
        { ...entry, magCredentialId: 'other' },
      ]),
    )
    expect(batch.code).toBe('conflict')
    expect(await readFile(dataPath)).toEqual(before)
    expect(vault.list()).toHaveLength(1)
  })

  it('is refused when malformed, naming the field', async () => {
    const vault = await openVault()
    const error = await caught(
      vault.add({ type: 'totp', issuer: 'M', label: 'a', secret: bytes('m'), magCredentialId: '' }),
    )
    expect(error.code).toBe('invalid-argument')
    expect(error.field).toBe('magCredentialId')
  })

  it('cannot be set from the Add form (the renderer’s input schema drops it)', () => {
    const parsed = newEntryInputSchema.parse({
      type: 'totp',
      issuer: 'MAG',
      label: 'alice',
      secret: 'JBSWY3DPEHPK3PXP',
      magCredentialId: CREDENTIAL,
    })
    expect(parsed).not.toHaveProperty('magCredentialId')
  })
})
