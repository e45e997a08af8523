import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OtpInputError } from '@mag/otp/errors'
import {
  addEntries,
  createKeytarKeychain,
  createNodeDataFile,
  VaultError,
  VaultService,
  type DataFile,
  type EntryToAdd,
} from '../src'
import { makeTempDir, requireTestKeyring, uniqueKeychainService } from './helpers'

let dir: string
let cleanup: () => Promise<void>
let dataPath: string
let service: string
const keychain = createKeytarKeychain()

beforeAll(() => requireTestKeyring())
beforeEach(async () => {
  ;({ dir, cleanup } = await makeTempDir())
  dataPath = join(dir, 'vault.json')
  service = uniqueKeychainService()
})
afterEach(async () => {
  await keychain.deletePassword(service, 'vault-key').catch(() => false)
  await cleanup()
})

/** The real node DataFile, counting writes (each one is a temp file, an fsync and a rename). */
function countingWrites(inner: DataFile): { dataFile: DataFile; writes: () => number } {
  let writes = 0
  return {
    dataFile: {
      ...inner,
      path: inner.path,
      writeAtomic: (text, expected) => {
        writes += 1
        return inner.writeAtomic(text, expected)
      },
    },
    writes: () => writes,
  }
}

async function openVault(dataFile: DataFile): Promise<VaultService> {
  const vault = new VaultService({ keychain, dataFile, keychainService: service })
  expect((await vault.open()).state).toBe('ready')
  return vault
}

const twelve = (): EntryToAdd[] =>
  Array.from({ length: 12 }, (_, i) =>
    i % 2 === 0
      ? { otpauth: `otpauth://totp/Import:user${i}?secret=JBSWY3DPEHPK3PXP&issuer=Import` }
      : { type: 'totp', issuer: 'Import', label: `user${i}`, secret: new Uint8Array([i + 1]) },
  )

describe('addEntries (an import: all or nothing, one write)', () => {
  it('12 entries with the 7th bad: none added, the file byte for byte as before', async () => {
    const { dataFile, writes } = countingWrites(createNodeDataFile(dataPath))
    const vault = await openVault(dataFile)
    await vault.add({ type: 'totp', issuer: 'Before', label: 'kept', secret: new Uint8Array([9]) })
    const before = await readFile(dataPath)
    const writesBefore = writes()

    const badForm = twelve()
    badForm[6] = { type: 'totp', issuer: 'Import', label: '   ', secret: new Uint8Array([7]) }
    const formError = await addEntries(vault, badForm).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(formError).toBeInstanceOf(VaultError)
    expect((formError as VaultError).field).toBe('6.label')

    const badLink = twelve()
    badLink[6] = { otpauth: 'otpauth://totp/Import:user6?secret=not-base32!&issuer=Import' }
    const linkError = await addEntries(vault, badLink).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(linkError).toBeInstanceOf(OtpInputError)
    expect((linkError as OtpInputError).message).toMatch(/^Entry 7: /)

    expect(await readFile(dataPath)).toEqual(before)
    expect(writes()).toBe(writesBefore)
    expect(vault.list().map((entry) => entry.label)).toEqual(['kept'])
  })

  it('12 good entries: all added in order, in one write', async () => {
    const { dataFile, writes } = countingWrites(createNodeDataFile(dataPath))
    const vault = await openVault(dataFile)
    const writesBefore = writes()
    const added = await addEntries(vault, twelve())
    expect(writes() - writesBefore).toBe(1)
    expect(added.map((entry) => entry.label)).toEqual(
      Array.from({ length: 12 }, (_, i) => `user${i}`),
    )
    const reopened = await openVault(createNodeDataFile(dataPath))
    expect(reopened.list()).toEqual(added)
    expect(Array.from(reopened.readSecret(added[1]?.id ?? ''))).toEqual([2])
  })
})
