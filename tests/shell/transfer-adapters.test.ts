import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import {
  asarUnpacked,
  createTransferOsAdapters,
  type TransferElectronParts,
} from '../../src/main/electron/transfer-adapters'
import { createNodeDataFile } from '@mag/vault'
import { Canvas } from '../../packages/import/tests/fixtures/qr/images'
import { createFakeElectron, removeFakeElectronDirs } from './fake-electron'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  removeFakeElectronDirs()
})

const link = 'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'

function adapters(window?: object) {
  const electron = createFakeElectron()
  const os = createTransferOsAdapters(electron as unknown as TransferElectronParts, () => window)
  return { electron, os }
}

describe('the import and export dialogs through Electron', () => {
  it('asks for the file to import, modal to the window, and answers its path or a cancel', async () => {
    const window = { id: 'main window' }
    const { electron, os } = adapters(window)
    expect(await os.chooseOpenPath()).toBeUndefined()
    electron.dialog.nextOpenPath = '/home/alice/aegis.json'
    expect(await os.chooseOpenPath()).toBe('/home/alice/aegis.json')
    expect(electron.dialog.calls[0]).toMatchObject({
      method: 'showOpenDialog',
      window,
      options: { properties: ['openFile'], title: 'Import accounts' },
    })
  })

  it('passes the options alone when there is no window (never undefined as the window)', async () => {
    const { electron, os } = adapters(undefined)
    electron.dialog.nextSavePath = '/home/alice/backup.json'
    expect(await os.chooseSavePath({ kind: 'encrypted-backup', defaultName: 'backup.json' })).toBe(
      '/home/alice/backup.json',
    )
    expect(electron.dialog.calls[0]).toMatchObject({
      method: 'showSaveDialog',
      window: undefined,
      options: {
        defaultPath: 'backup.json',
        properties: expect.arrayContaining(['showOverwriteConfirmation']),
      },
    })
  })

  it('reads an image from the clipboard as its file bytes, nothing when it holds none', async () => {
    const { electron, os } = adapters()
    expect(await os.readClipboardImage()).toBeUndefined()
    const png = new Canvas(10, 10).png()
    electron.clipboard.putImage('image/png', png)
    expect(await os.readClipboardImage()).toEqual(png)
  })

  it('captures every screen at its full pixel size, as BGRA', async () => {
    const { electron, os } = adapters()
    electron.screen.displays = [
      { size: { width: 1280, height: 720 }, scaleFactor: 2 },
      { size: { width: 1920, height: 1080 }, scaleFactor: 1 },
    ]
    const canvas = new Canvas(4, 2)
    electron.desktopCapturer.screens = [{ width: 4, height: 2, bgra: canvas.bgra() }]
    const [shot] = await os.captureScreens()
    expect(electron.desktopCapturer.requests).toEqual([
      { types: ['screen'], thumbnailSize: { width: 2560, height: 1440 } },
    ])
    expect(shot).toMatchObject({ width: 4, height: 2, channelOrder: 'bgra' })
    expect(Uint8Array.from(shot?.data ?? [])).toEqual(canvas.bgra())
  })

  it('finds the packaged decoder beside the asar', () => {
    expect(asarUnpacked('/opt/MAG/resources/app.asar/node_modules/zxing-wasm/x.wasm')).toBe(
      '/opt/MAG/resources/app.asar.unpacked/node_modules/zxing-wasm/x.wasm',
    )
    expect(asarUnpacked('/work/node_modules/zxing-wasm/x.wasm')).toBe(
      '/work/node_modules/zxing-wasm/x.wasm',
    )
  })
})

describe('startApp wires them to the import channels', () => {
  it('a screen capture through the fake Electron becomes a preview', async () => {
    const electron = createFakeElectron()
    const dir = await mkdtemp(join(tmpdir(), 'mag-transfer-wiring-'))
    dirs.push(dir)
    const running = await startApp(electron as unknown as ElectronParts, {
      keychain: {
        getPassword: async () => null,
        setPassword: async () => undefined,
        deletePassword: async () => false,
      },
      createDataFile: () => createNodeDataFile(join(dir, 'vault.json')),
      preloadPath: '/app/out/preload/index.cjs',
      rendererDir: '/app/out/renderer',
      argv: [],
      log: () => undefined,
    })
    const canvas = new Canvas(300, 300)
    canvas.qr(link, { x: 10, y: 10 })
    electron.desktopCapturer.screens = [{ width: 300, height: 300, bgra: canvas.bgra() }]
    const answer = await running?.services.dispatch('importFromScreen', undefined)
    expect(answer).toMatchObject({
      ok: true,
      value: {
        kind: 'preview',
        preview: { entries: [{ issuer: 'GitHub', label: 'alice@example.com', status: 'new' }] },
      },
    })
    electron.dialog.nextOpenPath = undefined
    expect(await running?.services.dispatch('importFromFile', undefined)).toEqual({
      ok: true,
      value: { kind: 'cancelled' },
    })
    expect(electron.dialog.calls[0]?.window).toBe(electron.windows[0])
  })
})
