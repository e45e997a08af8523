import { randomUUID } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { appSettingsFileName } from '../../src/main/settings/app-settings-store'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import { decodeBase32, totpWindow } from '@mag/otp'
import {
  createFakeElectron,
  removeFakeElectronDirs,
  type FakeBrowserWindow,
} from '../shell/fake-electron'

/**
 * Quick search and start at login as startApp wires them, against the recording Electron
 * fake, over the real vault (throwaway test keyring), settings file and clipboard service.
 */

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain. Run: node scripts/with-test-keyring.mjs npx vitest run tests/desktop',
    )
  }
})

const secret = 'JBSWY3DPEHPK3PXP'
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  removeFakeElectronDirs()
})

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

type StartOptions = {
  platform?: NodeJS.Platform
  argv?: string[]
  /** settings.json written before the start, as an earlier run would have left it. */
  settings?: Record<string, unknown>
  prepare?: (electron: ReturnType<typeof createFakeElectron>) => void
}

async function start(options: StartOptions = {}) {
  const electron = createFakeElectron()
  options.prepare?.(electron)
  if (options.settings) {
    await writeFile(
      join(electron.app.getPath('userData'), appSettingsFileName),
      JSON.stringify({ version: 1, ...options.settings }),
    )
  }
  const logged: string[] = []
  const running = await startApp(electron as unknown as ElectronParts, {
    keychain: ownKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    platform: options.platform ?? 'linux',
    trayIconPath: '/app/resources/tray/icon.png',
    argv: options.argv ?? ['/usr/bin/mag-authenticator'],
    log: (message) => logged.push(message),
  })
  const [main] = electron.windows
  if (!running || !main) throw new Error('the app did not start')
  cleanups.push(() => running.services.clipboard.clearPendingNow())
  return { electron, running, main, logged }
}

/** The main window painted: quick search is made then, hidden. */
function mainReady(electron: ReturnType<typeof createFakeElectron>, main: FakeBrowserWindow) {
  main.emit('ready-to-show')
  const quick = electron.windows[1]
  if (!quick) throw new Error('no quick-search window after the main window was ready')
  return quick
}

function from(window: FakeBrowserWindow, page: string) {
  return { sender: { id: window.webContents.id }, senderFrame: { url: page, parent: null } }
}

describe('quick search window and shortcut', () => {
  it('registers the default shortcut at start; the window is made hidden once the main window is ready', async () => {
    const { electron, main, running } = await start()
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Alt+O'])
    expect(running.services.desktop.quickSearchProblem()).toBeNull()
    expect(electron.windows).toHaveLength(1)
    const quick = mainReady(electron, main)
    expect(quick.loadedUrl).toBe('app://renderer/quick-search.html')
    expect(quick.calls).not.toContain('show')
    expect(quick.options).toMatchObject({
      show: false,
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    })
  })

  it('uses the saved shortcut, and a refused one becomes the problem main reports', async () => {
    const { electron, running, logged } = await start({
      settings: { quickSearchShortcut: 'Alt+Shift+K' },
      prepare: (fake) => fake.globalShortcut.heldElsewhere.add('Alt+Shift+K'),
    })
    expect(electron.globalShortcut.registered.size).toBe(0)
    const problem = running.services.desktop.quickSearchProblem()
    expect(problem).toMatch(/Alt\+Shift\+K is taken by another program/)
    expect(logged.some((line) => line.includes('Alt+Shift+K is taken'))).toBe(true)
    const answer = await running.services.dispatch('getDesktopSettings', undefined)
    expect(answer).toMatchObject({ ok: true, value: { quickSearchProblem: problem } })

    // Another shortcut from Settings: registered in place, problem gone, saved to the file.
    const changed = await running.services.dispatch('setDesktopSettings', {
      quickSearchShortcut: 'Alt+Shift+J',
    })
    expect(changed).toMatchObject({
      ok: true,
      value: { quickSearchShortcut: 'Alt+Shift+J', quickSearchProblem: null },
    })
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['Alt+Shift+J'])
    const file = JSON.parse(
      await readFile(join(electron.app.getPath('userData'), appSettingsFileName), 'utf8'),
    )
    expect(file).toMatchObject({ quickSearchShortcut: 'Alt+Shift+J' })

    // Keys the desktop does not know: said as such, nothing registered.
    electron.globalShortcut.unknownKeys.add('Alt+Shift+Q')
    const unknown = await running.services.dispatch('setDesktopSettings', {
      quickSearchShortcut: 'Alt+Shift+Q',
    })
    expect(unknown).toMatchObject({
      ok: true,
      value: { quickSearchProblem: expect.stringMatching(/not a shortcut this desktop accepts/) },
    })
    expect(electron.globalShortcut.registered.size).toBe(0)
  })

  it('refuses a malformed shortcut from the window, keeping the one in force', async () => {
    const { electron, running } = await start()
    const answer = await running.services.dispatch('setDesktopSettings', {
      quickSearchShortcut: 'not a shortcut',
    })
    expect(answer).toMatchObject({ ok: false })
    expect([...electron.globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Alt+O'])
  })

  it('the shortcut shows and focuses the hidden window; blur and Escape hide it', async () => {
    const { electron, main } = await start()
    const quick = mainReady(electron, main)
    expect(electron.globalShortcut.press('CommandOrControl+Alt+O')).toBe(true)
    expect(quick.calls).toEqual(['show', 'focus'])
    quick.emit('blur')
    expect(quick.calls).toEqual(['show', 'focus', 'hide'])

    electron.globalShortcut.press('CommandOrControl+Alt+O')
    const escape = electron.ipcMain.handlers.get('mag:quickSearchHide')
    expect(
      await escape?.(from(quick, 'app://renderer/quick-search.html'), undefined),
    ).toMatchObject({ ok: true })
    expect(quick.calls.at(-1)).toBe('hide')
  })

  it('Enter copies the chosen entry by id (main computes the code) and hides the window', async () => {
    const { electron, main, running } = await start()
    const quick = mainReady(electron, main)
    const added = await running.services.dispatch('addEntry', {
      type: 'totp',
      issuer: 'GitHub',
      label: 'alice',
      secret,
    })
    if (!added.ok) throw new Error(added.error.message)
    const id = (added.value as { id: string }).id
    electron.globalShortcut.press('CommandOrControl+Alt+O')
    const copy = electron.ipcMain.handlers.get('mag:quickSearchCopy')
    const page = from(quick, 'app://renderer/quick-search.html')
    const before = Date.now()
    const answer = await copy?.(page, { id })
    const expected = [before, Date.now()].map(
      (at) =>
        totpWindow(decodeBase32(secret), at, { algorithm: 'SHA1', digits: 6, period: 30 }).code,
    )
    expect(answer).toMatchObject({ ok: true })
    expect(expected).toContain(electron.clipboard.text)
    // The same "do not record" marks as a copy from the main window (this machine: Linux).
    expect(Object.keys(electron.clipboard.formats).join()).toContain('x-kde-passwordManagerHint')
    expect(quick.calls.at(-1)).toBe('hide')

    // Digits from the window are refused as in the main window: the clipboard keeps its code.
    const copied = electron.clipboard.text
    expect(await copy?.(page, { id, code: '123456' })).toMatchObject({ ok: false })
    expect(electron.clipboard.text).toBe(copied)
  })

  it('closed for real (Alt+F4), the next shortcut makes a new one; its webContents is no longer trusted', async () => {
    const { electron, main } = await start()
    const quick = mainReady(electron, main)
    const hide = electron.ipcMain.handlers.get('mag:quickSearchHide')
    const page = from(quick, 'app://renderer/quick-search.html')
    quick.emit('closed')
    expect(await hide?.(page, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    })
    electron.globalShortcut.press('CommandOrControl+Alt+O')
    expect(electron.windows).toHaveLength(3)
    expect(electron.windows[2]?.calls).toEqual(['show', 'focus'])
  })

  it('gives the shortcut back at quit', async () => {
    const { electron } = await start()
    electron.app.emit('before-quit', { preventDefault: () => undefined })
    expect(electron.globalShortcut.registered.size).toBe(0)
  })
})

describe('start at login and start hidden', () => {
  it('off by default: the login item is set off where the platform has one; none on Linux', async () => {
    const windows = await start({ platform: 'win32' })
    expect(windows.electron.app.loginItemSettings).toEqual([
      { openAtLogin: false, args: ['--hidden'] },
    ])
    const settings = await windows.running.services.dispatch('getDesktopSettings', undefined)
    expect(settings).toMatchObject({
      ok: true,
      value: { startAtLogin: false, startAtLoginSupported: true, startHidden: false },
    })
    const linux = await start({ platform: 'linux' })
    expect(linux.electron.app.loginItemSettings).toEqual([])
    expect(await linux.running.services.dispatch('getDesktopSettings', undefined)).toMatchObject({
      value: { startAtLoginSupported: false },
    })
  })

  it('turning start at login on sets the login item with --hidden and saves the choice', async () => {
    const { electron, running } = await start({ platform: 'darwin' })
    const answer = await running.services.dispatch('setDesktopSettings', { startAtLogin: true })
    expect(answer).toMatchObject({ ok: true, value: { startAtLogin: true } })
    expect(electron.app.loginItemSettings.at(-1)).toEqual({
      openAtLogin: true,
      args: ['--hidden'],
    })
    const again = await start({ platform: 'darwin', settings: { startAtLogin: true } })
    expect(again.electron.app.loginItemSettings).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
    ])
  })

  it('a launch with --hidden keeps the window in the tray; quick search is still made', async () => {
    const { electron, main } = await start({ argv: ['/usr/bin/mag-authenticator', '--hidden'] })
    const quick = mainReady(electron, main)
    expect(main.calls).not.toContain('show')
    expect(quick.calls).not.toContain('show')
    // The tray's Open brings it.
    electron.trays[0]?.menu?.item('Open MAG Authenticator').click?.()
    expect(main.calls).toEqual(['show', 'focus'])
  })

  it('the startHidden setting does the same; without it the window shows', async () => {
    const hidden = await start({ settings: { startHidden: true } })
    mainReady(hidden.electron, hidden.main)
    expect(hidden.main.calls).not.toContain('show')
    const shown = await start()
    mainReady(shown.electron, shown.main)
    expect(shown.main.calls).toContain('show')
  })

  it('with no tray (the desktop refused one) --hidden is ignored: the window shows', async () => {
    const { electron, main } = await start({
      argv: ['/usr/bin/mag-authenticator', '--hidden'],
      prepare: (fake) => {
        fake.trayControl.refusal = new Error('no status notifier')
      },
    })
    mainReady(electron, main)
    expect(main.calls).toContain('show')
  })
})
