import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createFakeElectron, removeFakeElectronDirs } from './fake-electron'

const SECRET = 'JBSWY3DPEHPK3PXP'
const link = `otpauth://totp/GitHub:alice%40example.com?secret=${SECRET}&issuer=GitHub`

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  removeFakeElectronDirs()
})

async function start(options: { isPackaged?: boolean; argv?: string[] } = {}) {
  const electron = createFakeElectron()
  electron.app.isPackaged = options.isPackaged ?? true
  const dir = await mkdtemp(join(tmpdir(), 'mag-links-'))
  dirs.push(dir)
  const logged: string[] = []
  const running = await startApp(electron as unknown as ElectronParts, {
    // Never opened here: taking and dismissing links needs no vault.
    keychain: createKeytarKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    argv: options.argv ?? ['/opt/MAG Authenticator/mag-authenticator'],
    log: (message) => logged.push(message),
  })
  const [window] = electron.windows
  if (!running || !window) throw new Error('the app did not start')
  /** Calls a channel as the app's own page would. */
  const call = (channel: string, args?: unknown) =>
    electron.ipcMain.handlers.get(`mag:${channel}`)?.(
      {
        sender: { id: window.webContents.id },
        senderFrame: { url: 'app://renderer/index.html', parent: null },
      },
      args,
    )
  return { electron, running, window, logged, call }
}

describe('otpauth links clicked on the desktop', () => {
  it('a packaged app registers as the otpauth handler', async () => {
    const { electron, logged } = await start()
    expect(electron.app.protocolClients).toEqual(['otpauth'])
    expect(logged).toEqual([])
  })

  it("development does not register this checkout's Electron binary, and says why", async () => {
    const { electron, logged } = await start({ isPackaged: false })
    expect(electron.app.protocolClients).toEqual([])
    expect(logged).toEqual([expect.stringMatching(/not registering .* in development/)])
  })

  it('a second launch with a link brings the window forward and queues the link for it', async () => {
    const { electron, window, call } = await start()
    window.minimized = true
    window.calls.length = 0
    electron.app.emit('second-instance', {}, [
      'C:\\Program Files\\MAG Authenticator\\mag-authenticator.exe',
      '--allow-file-access-from-files',
      link,
    ])
    expect(window.calls).toEqual(['restore', 'show', 'focus'])
    const taken = await call('takePendingLinks')
    expect(taken).toEqual({
      ok: true,
      value: [
        { id: expect.any(String), issuer: 'GitHub', label: 'alice@example.com', type: 'totp' },
      ],
    })
    expect(JSON.stringify(taken)).not.toContain(SECRET)
    // Taken once; "Don't add" forgets it.
    expect(await call('takePendingLinks')).toEqual({ ok: true, value: [] })
    const id = (taken as { value: [{ id: string }] }).value[0].id
    expect(await call('dismissPendingLink', { id })).toEqual({ ok: true, value: null })
    expect(await call('dismissPendingLink', { id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('a second launch without a link only brings the window forward', async () => {
    const { electron, window, call } = await start()
    window.calls.length = 0
    electron.app.emit('second-instance', {}, ['/usr/bin/mag-authenticator', '--', 'readme.txt'])
    expect(window.calls).toEqual(['show', 'focus'])
    expect(await call('takePendingLinks')).toEqual({ ok: true, value: [] })
  })

  it('macOS open-url: the link is queued, the default handling prevented, the window focused', async () => {
    const { electron, window, call } = await start()
    window.calls.length = 0
    let prevented = 0
    electron.app.emit('open-url', { preventDefault: () => prevented++ }, link)
    expect(prevented).toBe(1)
    expect(window.calls).toEqual(['show', 'focus'])
    expect(await call('takePendingLinks')).toMatchObject({
      ok: true,
      value: [{ issuer: 'GitHub' }],
    })
  })

  it('the link a first launch was started with waits for the window', async () => {
    const { call } = await start({ argv: ['/usr/bin/mag-authenticator', link] })
    expect(await call('takePendingLinks')).toMatchObject({
      ok: true,
      value: [{ label: 'alice@example.com' }],
    })
  })

  it('refuses malformed answers at the IPC boundary', async () => {
    const { call } = await start()
    expect(await call('confirmPendingLink', { id: '' })).toMatchObject({ ok: false })
    expect(await call('dismissPendingLink', { id: 'x'.repeat(101) })).toMatchObject({ ok: false })
    expect(await call('takePendingLinks', { all: true })).toMatchObject({ ok: false })
  })
})
