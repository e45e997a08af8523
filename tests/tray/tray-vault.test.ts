import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import { decodeBase32, totpWindow } from '@mag/otp'
import { createFakeElectron, removeFakeElectronDirs } from '../shell/fake-electron'

/**
 * The tray over the real vault, keychain and clipboard service, wired by startApp with the
 * recording Electron fake: the menu follows what the window changes in the vault, and a
 * code item copies the code computed at the click. Runs inside the throwaway test keyring.
 */

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain and refuse to touch yours. Run: ' +
        'node scripts/with-test-keyring.mjs npx vitest run tests/tray/tray-vault.test.ts',
    )
  }
})

const secret = 'JBSWY3DPEHPK3PXP'
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  removeFakeElectronDirs()
})

/** The real keychain, under an item of this test's own (files run in parallel). */
function ownKeychain(): KeychainAdapter {
  const real = createKeytarKeychain()
  const service = `MAG Authenticator test ${randomUUID()}`
  cleanups.push(() => real.deletePassword(service, 'vault-key'))
  return {
    getPassword: (_service, account) => real.getPassword(service, account),
    setPassword: (_service, account, password) => real.setPassword(service, account, password),
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
  const call = async (channel: string, args?: unknown) => {
    const handler = electron.ipcMain.handlers.get(`mag:${channel}`)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler(fromWindow, args)
  }
  const menu = () => {
    const shown = electron.trays[0]?.menu
    if (!shown) throw new Error('no tray menu')
    return shown
  }
  return { electron, running, call, menu }
}

describe('the tray over the real vault', () => {
  it('shows the accounts once the window opened the vault, and follows what the window adds', async () => {
    const { call, menu, electron } = await start()
    expect(menu().outline()[0]).toBe('[Codes: opening the vault…]')

    expect(await call('getVaultStatus')).toMatchObject({ ok: true, value: { state: 'ready' } })
    expect(menu().outline().slice(0, 1)).toEqual(['[No accounts yet]'])

    const added = await call('addEntryFromUri', {
      uri: `otpauth://totp/Example%20%26%20Co:alice%40example.com?secret=${secret}&issuer=Example%20%26%20Co`,
    })
    expect(added).toMatchObject({ ok: true })
    expect(menu().outline().slice(0, 2)).toEqual([
      '[Copy a code]',
      'Example && Co (alice@example.com)',
    ])
    // Polling codes changes nothing shown: the menu is not rebuilt.
    const built = electron.trays[0]?.menus.length
    await call('getCodes', {})
    expect(electron.trays[0]?.menus.length).toBe(built)
  })

  it('a code item copies the code of that moment to the clipboard', async () => {
    const { call, menu, electron } = await start()
    await call('getVaultStatus')
    await call('addEntryFromUri', {
      uri: `otpauth://totp/GitHub:alice?secret=${secret}&issuer=GitHub`,
    })
    const options = { digits: 6, period: 30, algorithm: 'SHA1' } as const
    const before = totpWindow(decodeBase32(secret), Date.now(), options).code
    menu().item('GitHub (alice)').click?.()
    await expect.poll(() => electron.clipboard.text).not.toBe('')
    const after = totpWindow(decodeBase32(secret), Date.now(), options).code
    expect([before, after]).toContain(electron.clipboard.text)
    expect(electron.notifications).toEqual([])
  })
})
