import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { contentSecurityPolicy } from '../../src/main/shell/content-security-policy'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createFakeElectron, removeFakeElectronDirs } from './fake-electron'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  removeFakeElectronDirs()
})

async function start(options: {
  isPackaged: boolean
  devServerUrl?: string
  platform?: NodeJS.Platform
}) {
  const electron = createFakeElectron()
  electron.app.isPackaged = options.isPackaged
  const dir = await mkdtemp(join(tmpdir(), 'mag-start-app-'))
  dirs.push(dir)
  const running = await startApp(electron as unknown as ElectronParts, {
    // Never called here: no test below opens the vault.
    keychain: createKeytarKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    ...(options.devServerUrl ? { devServerUrl: options.devServerUrl } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
  })
  return { electron, running }
}

function cspHeader(electron: ReturnType<typeof createFakeElectron>): string | undefined {
  let csp: string | undefined
  electron.session.defaultSession.headerListeners[0]?.({}, (response) => {
    csp = response.responseHeaders['Content-Security-Policy']?.[0]
  })
  return csp
}

describe('startApp', () => {
  it('never lets an environment variable point a packaged app at another URL', async () => {
    const { electron } = await start({ isPackaged: true, devServerUrl: 'https://evil.example/' })
    const [window] = electron.windows
    expect(window?.loadedUrl).toBe('app://renderer/index.html')
    expect(window?.loadedFile).toBeUndefined()
    expect(cspHeader(electron)).toBe(contentSecurityPolicy({ dev: false }))
  })

  it('loads the dev server in development, with the dev CSP and trust for that origin only', async () => {
    const { electron } = await start({ isPackaged: false, devServerUrl: 'http://localhost:5173' })
    const [window] = electron.windows
    expect(window?.loadedUrl).toBe('http://localhost:5173')
    expect(window?.options).toMatchObject({ webPreferences: { devTools: true } })
    expect(cspHeader(electron)).toBe(
      contentSecurityPolicy({ dev: true, devServerOrigin: 'http://localhost:5173' }),
    )
    // A channel that needs no vault (so no keychain here): what matters is who may call.
    const call = electron.ipcMain.handlers.get('mag:takePendingLinks')
    const from = (url: string) => ({
      sender: { id: window?.webContents.id },
      senderFrame: { url, parent: null },
    })
    expect(await call?.(from('http://localhost:5173/'), undefined)).toMatchObject({
      ok: true,
    })
    for (const url of ['file:///app/out/renderer/index.html', 'app://renderer/index.html']) {
      expect(await call?.(from(url), undefined), url).toMatchObject({
        ok: false,
        error: { code: 'forbidden-sender' },
      })
    }
    // Development serves nothing on app://: the dev server is the page.
    expect(electron.protocol.handlers.size).toBe(0)
  })

  it('on quit, clears a copied code still on the clipboard before letting the app quit', async () => {
    const { electron, running } = await start({ isPackaged: true })
    // What copyCode does once main has computed an entry's code (tests/ipc covers that part).
    await running?.services.clipboard.copy('123456')
    expect(electron.clipboard.text).toBe('123456')
    // Through Electron's one-write ClipboardItem, with the platform's "sensitive" mark.
    expect(electron.clipboard.writeCount).toBe(1)
    if (process.platform === 'linux') {
      expect(Object.keys(electron.clipboard.formats)).toEqual([
        'electron application/osclipboard;format="x-kde-passwordManagerHint"',
      ])
    }

    let prevented = 0
    electron.app.emit('before-quit', { preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
    await expect.poll(() => electron.app.quitCalls).toBe(1)
    expect(electron.clipboard.text).toBe('')
    // The quit it asked for goes through.
    electron.app.emit('before-quit', { preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
  })

  it('forgets a closed window: its webContents is no longer trusted, activate reopens one', async () => {
    const { electron, running } = await start({ isPackaged: true, platform: 'darwin' })
    const [first] = electron.windows
    const call = electron.ipcMain.handlers.get('mag:takePendingLinks')
    const event = {
      sender: { id: first?.webContents.id },
      senderFrame: { url: 'app://renderer/index.html', parent: null },
    }
    expect(await call?.(event, undefined)).toMatchObject({ ok: true })
    first?.emit('closed')
    expect(running?.mainWindow()).toBeUndefined()
    expect(await call?.(event, undefined)).toMatchObject({ ok: false })

    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalls).toBe(0)
    electron.app.emit('activate')
    expect(electron.windows).toHaveLength(2)
    expect(running?.mainWindow()).toBe(electron.windows[1])
  })

  it('quits when the last window closes, except on macOS', async () => {
    const { electron } = await start({ isPackaged: true, platform: 'linux' })
    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalls).toBe(1)
  })
})
