import { join } from 'node:path'
import { app, BrowserWindow, clipboard, ipcMain, session, shell } from 'electron'
import Store from 'electron-store'
import { startApp } from './electron/start-app'
import { createElectronStoreDataFile, createKeytarKeychain } from '@mag/vault'

// Only wiring: every decision lives in src/main/electron/start-app.ts and the modules it uses.
const outDir = join(import.meta.dirname, '..')

void startApp(
  { app, BrowserWindow, ipcMain, session, clipboard, shell },
  {
    keychain: createKeytarKeychain(),
    createDataFile: (userDataDir) =>
      createElectronStoreDataFile(Store, { cwd: userDataDir, name: 'vault' }),
    preloadPath: join(outDir, 'preload/index.cjs'),
    rendererFile: join(outDir, 'renderer/index.html'),
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
    iconPath: join(outDir, '../resources/icon.png'),
  },
).catch((error: unknown) => {
  console.error('MAG Authenticator failed to start', error)
  app.exit(1)
})
