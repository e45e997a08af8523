import { randomBytes, randomUUID, scrypt } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createKeytarKeychain, createNodeDataFile, type PasswordSlot } from '@mag/vault'
import { createAppServices } from '../src/main/app-services'
import type { ChannelName } from '../src/shared/channels'
import { compared, median, note, printResults, requireTestKeyring } from './lib/report'

/**
 * Unlock with a vault password (issue 9), run by `npm run bench` inside the throwaway keyring:
 *
 * - unlock_with_password_ms: a locked vault of 200 accounts, from the `unlock` call through
 *   the IPC dispatcher (what the lock screen's Unlock button costs in main: the lock guard,
 *   LockService, the vault unwrapping its key from the password slot in the real keychain,
 *   re-reading the data file, checking the key against it) until the answer.
 *   Baseline, alternating with it: the KDF alone, Node's scrypt with the parameters and the
 *   salt of the slot the vault itself wrote to the keychain. The ratio says what unlock costs
 *   beyond the derivation that has to be slow (about 1.0 when it costs nothing more).
 *
 * Locking between samples is not timed.
 */

const ACCOUNTS = 200
const RUNS = 9
const PASSWORD = 'correct horse battery staple'

/** The KDF as a bare call: the slot's own parameters, Node's own memory bound for them. */
function scryptAlone(password: string, slot: PasswordSlot): Promise<number> {
  const { N, r, p } = slot.params
  const salt = Buffer.from(slot.salt, 'base64')
  const start = performance.now()
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      32,
      { N, r, p, maxmem: 256 * N * r + 128 * r * p },
      (error, key) => {
        const elapsed = performance.now() - start
        key?.fill(0)
        if (error) reject(error)
        else resolve(elapsed)
      },
    )
  })
}

/**
 * The slot as the vault stored it. Only `kdf`, `params` and `salt` are read, and only to
 * give the baseline the same work; a slot without them fails loudly.
 */
function slotFrom(text: string | null): PasswordSlot {
  if (text === null || !text.startsWith('{')) {
    throw new Error('the keychain item holds no password slot after setVaultPassword')
  }
  const slot = JSON.parse(text) as PasswordSlot
  if (slot.kdf !== 'scrypt' || typeof slot.params?.N !== 'number' || !slot.salt) {
    throw new Error('the password slot is not the scrypt slot this bench knows')
  }
  return slot
}

async function main(): Promise<void> {
  requireTestKeyring('bench/unlock.bench.ts')
  const work = await mkdtemp(join(tmpdir(), 'mag-unlock-bench-'))
  const keychainService = `MAG Authenticator bench ${randomUUID()}`
  const keychain = createKeytarKeychain()
  const services = createAppServices({
    keychain,
    dataFile: createNodeDataFile(join(work, 'vault.json')),
    clipboard: { writeText: () => undefined, readText: () => '' },
    vaultKeyItem: { keychainService },
  })
  const call = async (channel: ChannelName, args?: unknown): Promise<unknown> => {
    const envelope = await services.dispatch(channel, args)
    if (!envelope.ok) {
      throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`)
    }
    return envelope.value
  }
  try {
    const status = await services.vault.open()
    if (status.state !== 'ready')
      throw new Error(`bench vault not ready: ${status.problem.message}`)
    note(`unlock: adding ${ACCOUNTS} accounts and setting a password…`)
    await services.vault.addMany(
      Array.from({ length: ACCOUNTS }, (_, i) => ({
        type: 'totp' as const,
        issuer: `Issuer ${i % 37}`,
        label: `user${i}@example.com`,
        secret: randomBytes(20),
      })),
    )
    await call('setVaultPassword', { newPassword: PASSWORD })
    const slot = slotFrom(await keychain.getPassword(keychainService, 'vault-key'))
    note(
      `unlock: slot scrypt N=2^${Math.log2(slot.params.N)}, r=${slot.params.r}, p=${slot.params.p}`,
    )

    const unlockOnce = async (): Promise<number> => {
      await call('lock')
      const start = performance.now()
      const state = (await call('unlock', { password: PASSWORD })) as { locked: boolean }
      const elapsed = performance.now() - start
      if (state.locked) throw new Error('unlock answered but the vault is still locked')
      return elapsed
    }
    // One unmeasured run each warms the JIT, the keychain connection and the file cache.
    await unlockOnce()
    await scryptAlone(PASSWORD, slot)
    const unlockTimes: number[] = []
    const kdfTimes: number[] = []
    for (let i = 0; i < RUNS; i++) {
      unlockTimes.push(await unlockOnce())
      kdfTimes.push(await scryptAlone(PASSWORD, slot))
    }
    // The codes are back: the unlock really took (a list call is refused while locked).
    const entries = (await call('listEntries')) as unknown[]
    if (entries.length !== ACCOUNTS) throw new Error(`expected ${ACCOUNTS} accounts after unlock`)
    note(`unlock: unlock ${unlockTimes.map((t) => t.toFixed(0)).join(' ')} ms`)
    note(`unlock: scrypt alone ${kdfTimes.map((t) => t.toFixed(0)).join(' ')} ms`)
    printResults([compared('unlock_with_password_ms', median(unlockTimes), 'ms', median(kdfTimes))])
  } finally {
    for (const account of ['vault-key', 'vault-key.next']) {
      await keychain.deletePassword(keychainService, account).catch(() => false)
    }
    await rm(work, { recursive: true, force: true })
  }
}

await main()
