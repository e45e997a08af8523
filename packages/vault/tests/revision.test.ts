import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKeytarKeychain, createNodeDataFile, VaultService } from '../src'
import {
  lastJson,
  makeTempDir,
  requireTestKeyring,
  runChild,
  uniqueKeychainService,
  vaultCliArgs,
} from './helpers'

let cleanup: () => Promise<void>
let dataPath: string
let service: string
const keychain = createKeytarKeychain()

beforeAll(() => requireTestKeyring())
beforeEach(async () => {
  let dir: string
  ;({ dir, cleanup } = await makeTempDir())
  dataPath = join(dir, 'vault.json')
  service = uniqueKeychainService()
})
afterEach(async () => {
  await keychain.deletePassword(service, 'vault-key').catch(() => false)
  await cleanup()
})

async function openHere(): Promise<VaultService> {
  const vault = new VaultService({
    keychain,
    dataFile: createNodeDataFile(dataPath),
    keychainService: service,
  })
  expect(await vault.open()).toMatchObject({ state: 'ready' })
  return vault
}

describe('the data file revision', () => {
  it('is null without a file, and changes with every write', async () => {
    const file = createNodeDataFile(dataPath)
    expect(await file.revision()).toBeNull()
    await file.writeAtomic('{"a":1}\n')
    const first = await file.revision()
    expect(first).toEqual(expect.any(String))
    expect(await file.revision()).toBe(first)
    // Same size, written at once: the rename still gives the file a new identity.
    await file.writeAtomic('{"a":2}\n')
    expect(await file.revision()).not.toBe(first)
  })

  it('moves when another process adds an entry, and reloadIfChanged then lists it', async () => {
    const vault = await openHere()
    await vault.add({
      type: 'totp',
      issuer: 'Here',
      label: 'mine',
      secret: new TextEncoder().encode('secret-of-mine'),
    })
    const before = await vault.reloadIfChanged()
    // Nothing changed: the same revision, no reload needed to answer it.
    expect(await vault.reloadIfChanged()).toBe(before)

    const result = await runChild('node', vaultCliArgs('add', dataPath, service, '1', 'cli'))
    expect(result.stderr).toBe('')
    expect(lastJson(result.stdout)).toEqual({ added: 1 })

    // Not read yet: the list is what this process last saw.
    expect(vault.list().map((e) => e.label)).toEqual(['mine'])
    const after = await vault.reloadIfChanged()
    expect(after).not.toBe(before)
    expect(vault.list().map((e) => e.label)).toEqual(['mine', 'cli-0'])
    const added = vault.list()[1]
    expect(new TextDecoder().decode(vault.readSecret(added?.id ?? ''))).toBe('secret-of-cli-0')
  })
})
