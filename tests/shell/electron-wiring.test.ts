import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { channelNames } from '../../src/shared/channels'
import { contentSecurityPolicy } from '../../src/main/shell/content-security-policy'
import { constructed } from './electron-store-mock'
import { type FakeBrowserWindow, fakeElectron, removeFakeElectronDirs } from './fake-electron'

vi.mock('electron', async () => {
  const { fakeElectron } = await import('./fake-electron')
  return { default: fakeElectron, ...fakeElectron }
})
vi.mock('electron-store', async () => {
  const { ElectronStoreOverConf } = await import('./electron-store-mock')
  return { default: ElectronStoreOverConf }
})

// The fake's userData is a real directory: leave nothing in the temporary directory.
afterAll(removeFakeElectronDirs)

let window: FakeBrowserWindow

beforeAll(async () => {
  // The real entry point, with the real services behind it; only `electron` is the fake.
  await import('../../src/main/index')
  await vi.waitFor(() => expect(fakeElectron.windows).toHaveLength(1))
  window = fakeElectron.windows[0] as FakeBrowserWindow
})

function rendererUrl(): string {
  return window.loadedUrl ?? ''
}

describe('src/main/index.ts wiring', () => {
  it('creates the window with the security checklist, hidden until ready-to-show', () => {
    expect(window.options).toMatchObject({
      show: false,
      title: 'MAG Authenticator',
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        experimentalFeatures: false,
        devTools: false,
        backgroundThrottling: true,
      },
    })
    const prefs = window.options['webPreferences'] as Record<string, unknown>
    expect(String(prefs['preload'])).toMatch(/[/\\]preload[/\\]index\.cjs$/)
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(fakeElectron.app.sandboxEnabled).toBe(true)
    expect(window.calls).not.toContain('show')
    window.emit('ready-to-show')
    expect(window.calls).toContain('show')
  })

  it('loads the built renderer from its own app:// origin, never from file://', async () => {
    expect(window.loadedUrl).toBe('app://renderer/index.html')
    expect(window.loadedFile).toBeUndefined()
    expect(fakeElectron.protocol.privileged.map((s) => s.scheme)).toEqual(['app'])
    // The handler serves the built out/renderer that index.ts points at.
    const serve = fakeElectron.protocol.handlers.get('app')
    const page = await serve?.({ url: 'app://renderer/index.html', method: 'GET' })
    expect(page?.status).toBe(200)
    expect(page?.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page?.text()).toContain('<div id="root">')
    const outside = await serve?.({ url: 'app://renderer/../main/index.js', method: 'GET' })
    expect(outside?.status).toBe(404)
  })

  it('registers every channel of the map, each through the sender-checking wrapper', async () => {
    const registered = [...fakeElectron.ipcMain.handlers.keys()].sort()
    expect(registered).toEqual(channelNames.map((name) => `mag:${name}`).sort())
    for (const [channel, listener] of fakeElectron.ipcMain.handlers) {
      const answer = await listener(
        {
          sender: { id: window.webContents.id },
          senderFrame: { url: 'https://evil.example/', parent: null },
        },
        undefined,
      )
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } })
    }
  })

  it('answers a call from our own window through the real services', async () => {
    // A channel that needs no vault (no keychain here); copying is covered in tests/ipc.
    const take = fakeElectron.ipcMain.handlers.get('mag:takePendingLinks')
    const trusted = {
      sender: { id: window.webContents.id },
      senderFrame: { url: rendererUrl(), parent: null },
    }
    expect(await take?.(trusted, undefined)).toEqual({ ok: true, value: [] })

    const fromSubframe = { ...trusted, senderFrame: { url: rendererUrl(), parent: {} } }
    expect(await take?.(fromSubframe, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    })
    const otherWindow = { ...trusted, sender: { id: window.webContents.id + 1000 } }
    expect(await take?.(otherWindow, undefined)).toMatchObject({ ok: false })
  })

  it('blocks navigation and redirects away from the app page', () => {
    for (const event of ['will-navigate', 'will-redirect']) {
      const foreign = { url: 'https://evil.example/', preventDefault: vi.fn() }
      window.webContents.emit(event, foreign, foreign.url)
      expect(foreign.preventDefault, event).toHaveBeenCalled()

      const own = { url: `${rendererUrl()}#/add`, preventDefault: vi.fn() }
      window.webContents.emit(event, own, own.url)
      expect(own.preventDefault, event).not.toHaveBeenCalled()
    }
    const webview = { preventDefault: vi.fn() }
    window.webContents.emit('will-attach-webview', webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('denies window.open and opens nothing that is not allowlisted', () => {
    const handler = window.webContents.windowOpenHandler
    for (const url of ['https://evil.example/', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(handler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(fakeElectron.shell.opened).toEqual([])
  })

  it('denies every permission request and check', () => {
    const answers: boolean[] = []
    const request = fakeElectron.session.defaultSession.permissionRequestHandler as unknown as (
      wc: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      request({}, permission, (granted) => answers.push(granted))
    }
    expect(answers).toEqual([false, false, false, false])
    const check = fakeElectron.session.defaultSession.permissionCheckHandler as unknown as (
      ...args: unknown[]
    ) => boolean
    expect(check({}, 'media', 'file://', {})).toBe(false)
  })

  it('puts the production CSP on every response, replacing any the response brought', () => {
    const [listener] = fakeElectron.session.defaultSession.headerListeners
    let response: { responseHeaders: Record<string, string[]> } | undefined
    listener?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['kept'] } },
      (r) => (response = r),
    )
    expect(response?.responseHeaders).toEqual({
      'X-Other': ['kept'],
      'Content-Security-Policy': [contentSecurityPolicy({ dev: false })],
    })
  })

  it('brings the first window forward when a second instance starts', () => {
    window.minimized = true
    window.calls.length = 0
    fakeElectron.app.emit('second-instance')
    expect(window.calls).toEqual(['restore', 'show', 'focus'])
  })

  it('puts up one tray with the tray icon from resources; closing the window hides it', () => {
    expect(fakeElectron.trays).toHaveLength(1)
    const iconPath = fakeElectron.trays[0]?.iconPath ?? ''
    expect(iconPath).toMatch(/[/\\]resources[/\\]tray[/\\]icon\.png$/)
    expect(existsSync(iconPath)).toBe(true)
    window.calls.length = 0
    expect(window.tryClose()).toBe(true)
    expect(window.calls).toEqual(['hide'])
  })

  it('keeps the vault data file in userData through electron-store', () => {
    expect(constructed).toHaveLength(1)
    expect(constructed[0]?.path).toBe(join(fakeElectron.app.getPath('userData'), 'vault.json'))
  })

  it('registers no other invoke handlers than the channel map', () => {
    expect([...fakeElectron.ipcMain.handlers.keys()].every((c) => c.startsWith('mag:'))).toBe(true)
  })
})
