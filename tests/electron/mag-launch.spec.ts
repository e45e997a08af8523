import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { demoUser, startReferenceService, type ReferenceService } from '../mag/reference-service'
import { electronBinary, electronSkipReason } from './electron-binary'

/**
 * The launch path in the real Electron: the built app, configured (through its settings file,
 * as Settings would write it) for a real reference service, signs in from the window and
 * launches a partner application; the ticket URL reaches Electron's shell.openExternal only
 * through the one safe opener, on the application's registered origin. shell.openExternal is
 * replaced in the main process so no browser opens: it records the URL instead. The decisions
 * (step-up, origin check, refusal) are tested under Node in tests/mag; this proves the wiring.
 * Skipped, saying why, where the binary is absent.
 */
const binary = electronBinary()
const skipReason = electronSkipReason(binary)
if (skipReason) console.log(`[electron MAG launch tests skipped] ${skipReason}`)

test.describe('launching a partner application from the real app', () => {
  test.skip(skipReason !== undefined, skipReason ?? '')

  let service: ReferenceService
  let configHome: string
  let app: ElectronApplication

  test.beforeAll(async () => {
    service = await startReferenceService({ demo: true })
    // userData is $XDG_CONFIG_HOME/<package name>: a throwaway holding only the settings file.
    configHome = await mkdtemp(join(tmpdir(), 'mag-electron-launch-'))
    const userData = join(configHome, 'mag-authenticator')
    await mkdir(userData, { recursive: true })
    await writeFile(
      join(userData, 'settings.json'),
      JSON.stringify({ version: 1, magServiceUrl: service.url }),
    )
    app = await electron.launch({
      executablePath: binary.path as string,
      args: ['out/main/index.js'],
      env: { ...process.env, NODE_ENV: 'production', XDG_CONFIG_HOME: configHome } as Record<
        string,
        string
      >,
    })
    await app.evaluate(({ shell }) => {
      const opened: string[] = []
      Object.assign(globalThis, { __magOpened: opened })
      shell.openExternal = (url: string) => {
        opened.push(url)
        return Promise.resolve()
      }
    })
  })

  test.afterAll(async () => {
    if (app?.process().exitCode === null) await app.close()
    await service?.stop()
    if (configHome) await rm(configHome, { recursive: true, force: true })
  })

  const openedUrls = () =>
    app.evaluate(() => [...((globalThis as { __magOpened?: string[] }).__magOpened ?? [])])

  test('sign in, then Launch opens the ticket URL on the application’s origin', async () => {
    const page = await app.firstWindow()
    await page.getByRole('tab', { name: 'MAG' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to MAG' })).toBeVisible()
    await page.getByLabel('Email or username').fill(demoUser.username)
    await page.getByLabel('Password').fill(demoUser.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()

    const apps = page.getByRole('region', { name: 'Partner applications' })
    await apps.getByRole('button', { name: 'Launch Acme CRM' }).click()
    await expect.poll(openedUrls).toHaveLength(1)
    const [url] = await openedUrls()
    // The demo's partner applications are registered on the service's own origin (its
    // partner pages redeem the tickets there).
    expect(new URL(url as string).origin).toBe(new URL(service.url).origin)
  })
})
