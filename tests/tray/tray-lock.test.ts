import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import { createFakeElectron, removeFakeElectronDirs } from '../shell/fake-electron'

/**
 * The tray and the vault password, wired by startApp over the real vault, keychain (the
 * throwaway test keyring) and LockService, with the recording Electron fake: Lock now is
 * offered only with a password while unlocked, its click locks, and the tray follows every
 * lock and unlock whoever caused it (the window, idle or screen lock).
 */

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain and refuse to touch yours. Run: ' +
        'node scripts/with-test-keyring.mjs npx vitest run tests/tray/tray-lock.test.ts',
    )
  }
})

const secret = 'JBSWY3DPEHPK3PXP'
const password = 'a long enough vault password'
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  removeFakeElectronDirs()
})

/** The real keychain, under an item of this test's own (files run in parallel). */
function ownKeychain(): KeychainAdapter {
  const real = createKeytarKeychain()
  const service = `MAG Authenticator test ${randomUUID()}`
  cleanups.push(async () => {
    await real.deletePassword(service, 'vault-key')
    await real.deletePassword(service, 'vault-key.next')
  })
  return {
    getPassword: (_service, account) => real.getPassword(service, account),
    setPassword: (_service, account, value) => real.setPassword(service, account, value),
    deletePassword: (_service, account) => real.deletePassword(service, account),
  }
}

async function start() {
  const electron = createFakeElectron()
  const running = await startApp(electron as unknown as ElectronParts, {
    keychain: ownKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    platform: 'linux',
    trayIconPath: '/app/resources/tray/icon.png',
    log: () => undefined,
  })
  const [window] = electron.windows
  if (!running || !window) throw new Error('the app did not start')
  cleanups.push(() => running.services.clipboard.clearPendingNow())
  const fromWindow = {
    sender: { id: window.webContents.id },
    senderFrame: { url: 'app://renderer/index.html', parent: null },
  }
  /** A request from the window, through the IPC handler startApp registered. */
  const call = async (channel: string, args?: unknown) => {
    const handler = electron.ipcMain.handlers.get(`mag:${channel}`)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler(fromWindow, args)
  }
  const tray = () => {
    const icon = electron.trays[0]
    if (!icon?.menu) throw new Error('no tray menu')
    return { menu: icon.menu, toolTip: icon.toolTip, text: JSON.stringify(icon.menu.items) }
  }
  await call('getVaultStatus')
  await call('addEntryFromUri', {
    uri: `otpauth://totp/GitHub:alice?secret=${secret}&issuer=GitHub`,
  })
  return { electron, running, call, tray }
}

const locked = ['[Codes: locked]', 'Unlock…', '---', 'Quit MAG Authenticator']

describe('the tray and the vault lock', () => {
  it('Lock now appears once a password is set, and its click locks the vault', async () => {
    const { running, call, tray } = await start()
    expect(tray().menu.outline()).toEqual([
      '[Copy a code]',
      'GitHub (alice)',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
    expect(await call('setVaultPassword', { newPassword: password })).toMatchObject({ ok: true })
    expect(tray().menu.outline()).toEqual([
      '[Copy a code]',
      'GitHub (alice)',
      '---',
      'Lock now',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])

    tray().menu.item('Lock now').click?.()
    await expect.poll(() => tray().menu.outline()).toEqual(locked)
    expect(await running.services.lock.state()).toEqual({ locked: true, hasPassword: true })
    expect(tray().text).not.toContain('GitHub')
    expect(tray().toolTip).toBe('MAG Authenticator (locked)')
  })

  it('follows a lock from the window, an unlock, and a lock by idle or screen lock', async () => {
    const { running, call, tray } = await start()
    await call('setVaultPassword', { newPassword: password })

    expect(await call('lock')).toMatchObject({ ok: true, value: { locked: true } })
    expect(tray().menu.outline()).toEqual(locked)

    expect(await call('unlock', { password })).toMatchObject({ ok: true })
    expect(tray().menu.outline().slice(0, 4)).toEqual([
      '[Copy a code]',
      'GitHub (alice)',
      '---',
      'Lock now',
    ])
    expect(tray().toolTip).toBe('MAG Authenticator')

    // Idle and screen lock go through lockIfPasswordSet; nobody asks the tray to refresh.
    expect(await running.services.lock.lockIfPasswordSet()).toBe(true)
    expect(tray().menu.outline()).toEqual(locked)
  })

  it('Lock now goes away with the password', async () => {
    const { call, tray } = await start()
    await call('setVaultPassword', { newPassword: password })
    expect(tray().menu.outline()).toContain('Lock now')
    expect(await call('removeVaultPassword', { currentPassword: password })).toMatchObject({
      ok: true,
    })
    expect(tray().menu.outline()).not.toContain('Lock now')
  })
})
