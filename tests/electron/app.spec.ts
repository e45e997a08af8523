import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { channelNames } from '../../src/shared/channels'
import { electronBinary, electronSkipReason } from './electron-binary'

/** The real app in the real Electron; skipped, saying why, where it cannot run here. */
const binary = electronBinary()
const skipReason = electronSkipReason(binary)

if (skipReason) console.log(`[electron tests skipped] ${skipReason}`)

test.describe('the Electron app', () => {
  test.skip(skipReason !== undefined, skipReason ?? '')

  let app: ElectronApplication

  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: binary.path as string,
      args: ['out/main/index.js'],
      // HOME and the XDG dirs come from with-test-keyring: userData is a throwaway too.
      env: { ...process.env, NODE_ENV: 'production' } as Record<string, string>,
    })
  })

  test.afterAll(async () => {
    await app?.close()
  })

  // Electron 45 cannot read webPreferences back from a live window, so the options object
  // is checked in tests/shell; here the effects are checked from inside the page.
  test('creates one window, showing the app page from app://, isolated and sandboxed', async () => {
    const page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
    expect(page.url()).toBe('app://renderer/index.html')
    // The module scripts ran (MIME types, CORS-mode loads of the scheme): the first screen shows.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    const served = await page.evaluate(async () => ({
      origin: location.origin,
      secure: isSecureContext,
      own: (await fetch('app://renderer/index.html')).status,
      traversal: (await fetch('app://renderer/%2e%2e/main/index.js')).status,
    }))
    expect(served).toEqual({ origin: 'app://renderer', secure: true, own: 200, traversal: 404 })
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    const effects = await page.evaluate(() => ({
      bridgeFrozen: Object.isFrozen((window as unknown as { magAuth: object }).magAuth),
      csp: document
        .querySelector('meta[http-equiv="Content-Security-Policy"]')
        ?.getAttribute('content'),
    }))
    expect(effects.bridgeFrozen).toBe(true)
    expect(effects.csp).toContain("script-src 'self'")
    const title = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.getTitle(),
    )
    expect(title).toBe('MAG Authenticator')
  })

  test('exposes window.magAuth with exactly the channel methods, and no Node', async () => {
    const page = await app.firstWindow()
    const seen = await page.evaluate(() => {
      const bridge = (window as unknown as { magAuth?: Record<string, unknown> }).magAuth
      return {
        keys: bridge ? Object.keys(bridge).sort() : null,
        allFunctions: bridge ? Object.values(bridge).every((v) => typeof v === 'function') : false,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        ipcRenderer: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
      }
    })
    expect(seen).toEqual({
      keys: [...channelNames].sort(),
      allFunctions: true,
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: 'undefined',
    })
  })

  test('answers a call through the preload and the sender-checked IPC', async () => {
    const page = await app.firstWindow()
    const envelope = await page.evaluate(() =>
      (
        window as unknown as { magAuth: { takePendingLinks(): Promise<unknown> } }
      ).magAuth.takePendingLinks(),
    )
    expect(envelope).toEqual({ ok: true, value: [] })
  })

  test('stays on the app page and opens no windows', async () => {
    const page = await app.firstWindow()
    const before = page.url()
    await page.evaluate(() => {
      window.open('https://example.com/')
      location.href = 'https://example.com/'
    })
    // The navigation is refused by will-navigate; give it the chance to happen if it could.
    await page.waitForTimeout(500)
    expect(page.url()).toBe(before)
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
  })
})
