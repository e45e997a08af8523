import { spawn } from 'node:child_process'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { electronBinary, electronSkipReason } from './electron-binary'

/**
 * The otpauth hand-off in the real Electron: a second launch with a clicked link (as the
 * desktop starts `mag-authenticator %u`) quits at once, and the running app's window comes
 * forward and asks before adding. Skipped, saying why, where the binary is absent.
 */
const binary = electronBinary()
const skipReason = electronSkipReason(binary)
if (skipReason) console.log(`[electron second-instance tests skipped] ${skipReason}`)

const link = 'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'

test.describe('a second launch with an otpauth link', () => {
  test.skip(skipReason !== undefined, skipReason ?? '')

  let app: ElectronApplication
  // HOME and the XDG dirs come from with-test-keyring: both launches share that userData,
  // which is what the single-instance lock is keyed on.
  const env = { ...process.env, NODE_ENV: 'production' } as Record<string, string>

  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: binary.path as string,
      args: ['out/main/index.js'],
      env,
    })
  })

  test.afterAll(async () => {
    await app?.close()
  })

  test('quits the second process and asks in the first window, which adds nothing yet', async () => {
    const page = await app.firstWindow()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

    const second = spawn(binary.path as string, ['out/main/index.js', link], {
      env,
      stdio: 'ignore',
    })
    const exitCode = await new Promise<number | null>((resolve) => second.once('exit', resolve))
    expect(exitCode).toBe(0)

    const dialog = page.getByRole('alertdialog', { name: 'Add this account?' })
    await expect(dialog).toContainText('alice@example.com')
    expect(await page.content()).not.toContain('JBSWY3DPEHPK3PXP')
    await dialog.getByRole('button', { name: 'Don’t add' }).click()
    await expect(dialog).toBeHidden()
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
  })
})
