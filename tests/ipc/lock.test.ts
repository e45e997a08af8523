import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createAppServices, type AppServices } from '../../src/main/app-services'
import { channelsOpenWhileLocked } from '../../src/main/lock/lock-service'
import { channelNames } from '../../src/shared/channel-names'
import type { Envelope } from '../../src/shared/errors'

// RFC 6238's SHA-1 test secret.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const PASSWORD = 'correct horse battery'

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain and refuse to touch yours. Run: ' +
        'node scripts/with-test-keyring.mjs npx vitest run tests/ipc/lock.test.ts',
    )
  }
})

type App = {
  services: AppServices
  call: (channel: string, args?: unknown) => Promise<Envelope<unknown>>
  clipboardText: () => string
  logged: string[]
  cleanup: () => Promise<void>
}

async function makeApp(): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'mag-lock-'))
  const keychain = createKeytarKeychain()
  const keychainService = `MAG Authenticator test ${randomUUID()}`
  let clipboardText = ''
  const logged: string[] = []
  const services = createAppServices({
    keychain,
    dataFile: createNodeDataFile(join(dir, 'vault.json')),
    clipboard: {
      writeText: (text: string) => {
        clipboardText = text
      },
      readText: () => clipboardText,
    },
    vaultKeyItem: { keychainService },
    logger: { error: (message, detail) => logged.push(`${message} ${String(detail.error)}`) },
  })
  return {
    services,
    call: (channel, args) => services.dispatch(channel, args),
    clipboardText: () => clipboardText,
    logged,
    cleanup: async () => {
      await keychain.deletePassword(keychainService, 'vault-key').catch(() => false)
      await keychain.deletePassword(keychainService, 'vault-key.next').catch(() => false)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function valueOf<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok)
    throw new Error(`expected ok, got ${envelope.error.code}: ${envelope.error.message}`)
  return envelope.value as T
}

function errorCodeOf(envelope: Envelope<unknown>): string {
  if (envelope.ok) throw new Error('expected an error')
  return envelope.error.code
}

async function addEntry(app: App): Promise<string> {
  const added = valueOf<{ id: string }>(
    await app.call('addEntry', { type: 'totp', issuer: 'GitHub', label: 'ada', secret: rfcSecret }),
  )
  return added.id
}

describe('while locked', () => {
  let app: App
  let id: string
  beforeAll(async () => {
    app = await makeApp()
    id = await addEntry(app)
    valueOf(await app.call('copyCode', { id }))
    expect(app.clipboardText()).toMatch(/^\d{6}$/)
    expect(valueOf(await app.call('setVaultPassword', { newPassword: PASSWORD }))).toEqual({
      locked: false,
      hasPassword: true,
    })
    expect(valueOf(await app.call('lock'))).toEqual({ locked: true, hasPassword: true })
  })
  afterAll(async () => app.cleanup())

  it('lock cleared our code from the clipboard', () => {
    expect(app.clipboardText()).toBe('')
  })

  const guarded = channelNames.filter((name) => !channelsOpenWhileLocked.has(name))
  it('guards the channels that reveal codes and labels (and every one not known to be safe)', () => {
    for (const name of [
      'listEntries',
      'getCodes',
      'nextHotpCode',
      'copyCode',
      'exportEncryptedBackup',
      'exportPlainList',
      'confirmImport',
      'importFromFile',
      'takePendingLinks',
      'confirmPendingLink',
      'quickSearchCopy',
      'magGetState',
    ] as const) {
      expect(guarded).toContain(name)
    }
  })

  // One IPC test per channel: locked answers 'locked', before the arguments are even read.
  it.each(guarded)('%s answers locked', async (channel) => {
    expect(errorCodeOf(await app.call(channel, undefined))).toBe('locked')
  })

  it('with valid arguments too: getCodes, listEntries, copyCode answer locked', async () => {
    expect(errorCodeOf(await app.call('getCodes', { ids: [id] }))).toBe('locked')
    expect(errorCodeOf(await app.call('listEntries'))).toBe('locked')
    expect(errorCodeOf(await app.call('copyCode', { id }))).toBe('locked')
    expect(app.clipboardText()).toBe('')
  })

  it('the tray and quick search copy path (services.copyEntryCode) copies nothing', async () => {
    await expect(app.services.copyEntryCode(id)).rejects.toMatchObject({ code: 'locked' })
    expect(app.clipboardText()).toBe('')
  })

  it('the status says locked, naming no account; a wrong password is refused', async () => {
    const status = valueOf<{ state: string }>(await app.call('getVaultStatus'))
    expect(status.state).toBe('locked')
    expect(JSON.stringify(status)).not.toContain('GitHub')
    expect(errorCodeOf(await app.call('unlock', { password: 'wrong password' }))).toBe(
      'password-wrong',
    )
    expect(valueOf(await app.call('getLockState'))).toEqual({ locked: true, hasPassword: true })
  })

  it('unlock opens every channel again; passwords never reach the log', async () => {
    expect(valueOf(await app.call('unlock', { password: PASSWORD }))).toEqual({
      locked: false,
      hasPassword: true,
    })
    const { codes } = valueOf<{ codes: Array<{ id: string }> }>(
      await app.call('getCodes', { ids: [id] }),
    )
    expect(codes.map((c) => c.id)).toEqual([id])
    expect(app.logged.join('\n')).not.toContain(PASSWORD)
    expect(app.logged.join('\n')).not.toContain('wrong password')
  })
})

describe('password channels', () => {
  it('change and remove need the current password; removal opens the default path again', async () => {
    const app = await makeApp()
    try {
      const id = await addEntry(app)
      expect(errorCodeOf(await app.call('setVaultPassword', { newPassword: 'short' }))).toBe(
        'invalid-argument',
      )
      valueOf(await app.call('setVaultPassword', { newPassword: PASSWORD }))
      expect(
        errorCodeOf(await app.call('setVaultPassword', { newPassword: 'another password' })),
      ).toBe('password-wrong')
      valueOf(
        await app.call('setVaultPassword', {
          newPassword: 'another password',
          currentPassword: PASSWORD,
        }),
      )
      expect(
        errorCodeOf(await app.call('removeVaultPassword', { currentPassword: PASSWORD })),
      ).toBe('password-wrong')
      expect(
        valueOf(await app.call('removeVaultPassword', { currentPassword: 'another password' })),
      ).toEqual({ locked: false, hasPassword: false })
      expect(errorCodeOf(await app.call('lock'))).toBe('password-not-set')
      expect(await app.services.lock.lockIfPasswordSet()).toBe(false)
      valueOf(await app.call('getCodes', { ids: [id] }))
    } finally {
      await app.cleanup()
    }
  })

  it('without a password (the default) nothing is locked and lock state says so', async () => {
    const app = await makeApp()
    try {
      await addEntry(app)
      expect(valueOf(await app.call('getLockState'))).toEqual({ locked: false, hasPassword: false })
      expect(valueOf<unknown[]>(await app.call('listEntries'))).toHaveLength(1)
    } finally {
      await app.cleanup()
    }
  })
})
