import { afterEach, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { APP_USER_MODEL_ID, startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { join } from 'node:path'
import { createFakeElectron, removeFakeElectronDirs } from '../shell/fake-electron'

/**
 * Closing to the tray, through startApp against the recording Electron fake: the window
 * hides while a tray exists, the app stays, and the tray's Quit (or the OS's) really quits.
 * No test here opens the vault, so no keychain is touched.
 */

afterEach(removeFakeElectronDirs)

async function start(options: { tray: boolean; platform?: NodeJS.Platform }) {
  const electron = createFakeElectron()
  const logged: string[] = []
  const running = await startApp(electron as unknown as ElectronParts, {
    keychain: createKeytarKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    platform: options.platform ?? 'linux',
    log: (message) => logged.push(message),
    ...(options.tray ? { trayIconPath: '/app/resources/tray/icon.png' } : {}),
  })
  const [window] = electron.windows
  if (!running || !window) throw new Error('the app did not start')
  return { electron, running, window, logged }
}

describe('the tray keeps the app when the window closes', () => {
  it('creates one tray with the icon, showing the codes as soon as the window opens the vault', async () => {
    const { electron, running } = await start({ tray: true })
    expect(electron.trays).toHaveLength(1)
    expect(electron.trays[0]?.iconPath).toBe('/app/resources/tray/icon.png')
    expect(running.tray()?.active).toBe(true)
    // Nothing has opened the vault: the tray does not open it itself.
    expect(electron.trays[0]?.menu?.outline()).toEqual([
      '[Codes: opening the vault…]',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
  })

  it('closing the window hides it; the app neither quits nor forgets the window', async () => {
    const { electron, running, window } = await start({ tray: true })
    expect(window.tryClose()).toBe(true)
    expect(window.calls).toContain('hide')
    expect(running.mainWindow()).toBe(window)
    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalls).toBe(0)
  })

  it('Open brings the hidden window back', async () => {
    const { electron, window } = await start({ tray: true })
    window.tryClose()
    window.calls.length = 0
    electron.trays[0]?.menu?.item('Open MAG Authenticator').click?.()
    expect(window.calls).toEqual(['show', 'focus'])
    expect(electron.windows).toHaveLength(1)
  })

  it('on macOS, a click on the Dock icon (activate) shows the hidden window', async () => {
    const { electron, window } = await start({ tray: true, platform: 'darwin' })
    window.tryClose()
    window.calls.length = 0
    electron.app.emit('activate')
    expect(window.calls).toEqual(['show', 'focus'])
    expect(electron.windows).toHaveLength(1)
  })

  it('Quit really quits: the window then closes instead of hiding', async () => {
    const { electron, window } = await start({ tray: true })
    electron.trays[0]?.menu?.item('Quit MAG Authenticator').click?.()
    expect(electron.app.quitCalls).toBe(1)
    expect(window.tryClose()).toBe(false)
  })

  it('a quit from the OS (before-quit) also lets the window close', async () => {
    const { electron, window } = await start({ tray: true })
    electron.app.emit('before-quit', { preventDefault: () => undefined })
    expect(window.tryClose()).toBe(false)
  })

  it('on Windows, gives the app its id (the packaged appId) so its notifications show', async () => {
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }
    const { appId } = yaml.load(await readFile('electron.builder.yml', 'utf8')) as { appId: string }
    expect(APP_USER_MODEL_ID).toBe(appId)
    const windows = await start({ tray: true, platform: 'win32' })
    expect(windows.electron.app.appUserModelId).toBe(appId)
    const linux = await start({ tray: true, platform: 'linux' })
    expect(linux.electron.app.appUserModelId).toBeUndefined()
  })

  it('without a tray (none asked for, or the desktop refused one) closing closes and the app quits', async () => {
    const plain = await start({ tray: false })
    expect(plain.electron.trays).toEqual([])
    expect(plain.window.tryClose()).toBe(false)
    plain.electron.app.emit('window-all-closed')
    expect(plain.electron.app.quitCalls).toBe(1)

    const electron = createFakeElectron()
    electron.trayControl.refusal = new Error('no StatusNotifier host')
    const logged: string[] = []
    const running = await startApp(electron as unknown as ElectronParts, {
      keychain: createKeytarKeychain(),
      createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
      preloadPath: '/app/out/preload/index.cjs',
      rendererDir: '/app/out/renderer',
      platform: 'linux',
      trayIconPath: '/app/resources/tray/icon.png',
      log: (message) => logged.push(message),
    })
    expect(running?.tray()).toBeUndefined()
    expect(logged).toContain('Tray: none created (no StatusNotifier host).')
    expect(electron.windows[0]?.tryClose()).toBe(false)
    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalls).toBe(1)
  })
})
