import { afterAll, describe, expect, it, vi } from 'vitest'
import { fakeElectron, removeFakeElectronDirs } from './fake-electron'

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

describe('a second instance', () => {
  it('quits without a window or IPC handlers when another instance holds the lock', async () => {
    fakeElectron.app.singleInstanceLock = false
    await import('../../src/main/index')
    await vi.waitFor(() => expect(fakeElectron.app.quitCalls).toBe(1))
    expect(fakeElectron.windows).toEqual([])
    expect(fakeElectron.ipcMain.handlers.size).toBe(0)
  })
})
