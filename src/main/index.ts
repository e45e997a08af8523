import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  desktopCapturer,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron'
import Store from 'electron-store'
import { startApp } from './electron/start-app'
import { startDevelopmentService } from './mag/dev-service'
import { createElectronStoreDataFile, createKeytarKeychain } from '@mag/vault'

// Only wiring: every decision lives in src/main/electron/start-app.ts and the modules it uses.
const outDir = join(import.meta.dirname, '..')
const resolveModule = createRequire(import.meta.url)

void startApp(
  {
    app,
    BrowserWindow,
    ipcMain,
    session,
    protocol,
    clipboard,
    ClipboardItem,
    shell,
    dialog,
    desktopCapturer,
    screen,
    Tray,
    Menu,
    Notification,
    globalShortcut,
    powerMonitor,
  },
  {
    keychain: createKeytarKeychain(),
    createDataFile: (userDataDir) =>
      createElectronStoreDataFile(Store, { cwd: userDataDir, name: 'vault' }),
    preloadPath: join(outDir, 'preload/index.cjs'),
    rendererDir: join(outDir, 'renderer'),
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    iconPath: join(outDir, '../resources/icon.png'),
    trayIconPath: join(outDir, '../resources/tray/icon.png'),
    qrWasmPath: resolveModule.resolve('zxing-wasm/reader/zxing_reader.wasm'),
    // Development only (start-app never calls it when packaged): the checkout's own service.
    startMagDevelopmentService: (dataDir) =>
      startDevelopmentService({ repoRoot: join(outDir, '..'), dataDir }),
  },
).catch((error: unknown) => {
  console.error('MAG Authenticator failed to start', error)
  app.exit(1)
})
