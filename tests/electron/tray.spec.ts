import { spawn } from 'node:child_process'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { electronBinary, electronSkipReason } from './electron-binary'

/**
 * Closing to the tray in the real Electron: the window's close button hides it while the
 * tray keeps the app, a second launch (as the desktop's launcher does) shows it again, and
 * quitting really quits. The menu itself is asserted from state in tests/tray (Electron
 * gives no way to read a tray's menu back). Skipped, saying why, where the binary is absent.
 */
const binary = electronBinary()
const skipReason = electronSkipReason(binary)
if (skipReason) console.log(`[electron tray tests skipped] ${skipReason}`)

test.describe('the tray keeps the app', () => {
  test.skip(skipReason !== undefined, skipReason ?? '')

  let app: ElectronApplication
  // HOME and the XDG dirs come from with-test-keyring: userData is a throwaway too.
  const env = { ...process.env, NODE_ENV: 'production' } as Record<string, string>

  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: binary.path as string,
      args: ['out/main/index.js'],
      env,
    })
  })

  test.afterAll(async () => {
    if (app?.process().exitCode === null) await app.close()
  })

  const windowState = () =>
    app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((window) => ({
        visible: window.isVisible(),
        destroyed: window.isDestroyed(),
      })),
    )

  test('closing the window hides it; the app and its window stay', async () => {
    const page = await app.firstWindow()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close())
    await expect.poll(windowState).toEqual([{ visible: false, destroyed: false }])
  })

  test('a second launch shows the hidden window again', async () => {
    const second = spawn(binary.path as string, ['out/main/index.js'], { env, stdio: 'ignore' })
    const exitCode = await new Promise<number | null>((resolve) => second.once('exit', resolve))
    expect(exitCode).toBe(0)
    await expect.poll(windowState).toEqual([{ visible: true, destroyed: false }])
  })

  test('quitting really quits', async () => {
    const exited = new Promise<number | null>((resolve) => app.process().once('exit', resolve))
    await app.evaluate(({ app: electronApp }) => electronApp.quit())
    expect(await exited).toBe(0)
  })
})
