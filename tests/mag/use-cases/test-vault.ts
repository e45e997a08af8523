import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createKeytarKeychain,
  createNodeDataFile,
  VaultService,
  type KeychainAdapter,
} from '@mag/vault'

/**
 * A real vault for the MAG use-case tests: a data file in a temporary directory and its key
 * in the throwaway test keyring (scripts/with-test-keyring.mjs), under an item of its own.
 */
export type TestVault = {
  vault: VaultService
  dataPath: string
  dir: string
  keychainService: string
  keychain: KeychainAdapter
  /** A second vault over the same file and key: what another process or a restart reads. */
  reopen(): Promise<VaultService>
  remove(): Promise<void>
}

export function requireTestKeyring(): void {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'The MAG use-case tests use the real keychain and run only inside the throwaway test keyring: ' +
        'node scripts/with-test-keyring.mjs npx vitest run tests/mag',
    )
  }
}

export async function openTestVault(keychain?: KeychainAdapter): Promise<TestVault> {
  requireTestKeyring()
  const dir = await mkdtemp(join(tmpdir(), 'mag-use-case-'))
  const dataPath = join(dir, 'vault.json')
  const keychainService = `MAG Authenticator mag-test ${randomUUID()}`
  const real = createKeytarKeychain()
  const adapter = keychain ?? real
  const make = async () => {
    const vault = new VaultService({
      keychain: adapter,
      dataFile: createNodeDataFile(dataPath),
      keychainService,
    })
    await vault.open()
    return vault
  }
  const vault = await make()
  return {
    vault,
    dataPath,
    dir,
    keychainService,
    keychain: adapter,
    reopen: make,
    remove: async () => {
      await real.deletePassword(keychainService, 'vault-key').catch(() => false)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
