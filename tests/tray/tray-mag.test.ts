import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TrayService, type TrayElectronParts } from '../../src/main/electron/tray-service'
import { formatDate } from '../../src/main/i18n/main-i18n'
import { localeIn } from './locale'
import {
  createSentNotificationsFile,
  sentNotificationsFileName,
} from '../../src/main/tray/sent-notifications-store'
import { startReferenceService, type ReferenceService } from '../mag/reference-service'
import {
  buyProduct,
  newMagUser,
  setUpDesktopOtp,
  startMagApp,
  type MagApp,
} from '../mag/use-cases/mag-app'
import { createFakeElectron, type FakeMenu } from '../shell/fake-electron'

/**
 * A tray click starts its work and returns (as Electron's click handlers do): wait for what it
 * causes on a real service and keyring for as long as a loaded 2-core machine may need, not
 * vitest's 1 s default.
 */
const settled = { timeout: 20_000 }

/**
 * The tray over the app's real services (createAppServices: vault and refresh token in the
 * throwaway test keyring, MagService) against the real reference service on loopback; only
 * Electron is the recording fake. The menu follows sign-in, strength, the credential's life
 * (renewal offered, renewed, expired) and sign-out, and its items act through the services.
 */

const en = await localeIn('en')
let service: ReferenceService
const cleanups: Array<() => Promise<unknown>> = []

beforeAll(async () => {
  service = await startReferenceService()
})
afterEach(async () => {
  await service.setCalendarOffsetDays(0)
  for (const cleanup of cleanups.splice(0)) await cleanup()
})
afterAll(async () => {
  await service.stop()
})

async function trayOver(app: MagApp) {
  const electron = createFakeElectron()
  const dir = await mkdtemp(join(tmpdir(), 'mag-tray-mag-'))
  const shown = { count: 0 }
  const copied: string[] = []
  const tray = new TrayService({
    electron: electron as unknown as TrayElectronParts,
    iconPath: '/app/resources/tray/icon.png',
    platform: 'linux',
    vault: app.services.vault,
    mag: app.services.mag,
    lock: app.services.lock,
    locale: () => en,
    copyEntryCode: async (id) => {
      const result = await app.services.copyEntryCode(id)
      copied.push(result.code)
      return result
    },
    showWindow: () => shown.count++,
    quit: () => undefined,
    sentNotifications: createSentNotificationsFile({
      path: join(dir, sentNotificationsFileName),
      log: () => undefined,
    }),
    log: () => undefined,
  })
  cleanups.push(async () => {
    tray.destroy()
    await rm(dir, { recursive: true, force: true })
  })
  tray.start()
  const menu = (): FakeMenu => {
    const current = electron.trays[0]?.menu
    if (!current) throw new Error('no tray menu')
    return current
  }
  /** Clicks an item and waits for what it started (a launch, a sign-out) to finish. */
  const click = async (...labels: string[]) => {
    menu()
      .item(...labels)
      .click?.()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { electron, tray, menu, click, shown, copied }
}

describe('the tray over the real MAG service', () => {
  it('follows sign-in, the credential and sign-out, and launches, copies and renews through the services', async () => {
    const user = await newMagUser(service)
    const app = await startMagApp(service)
    cleanups.push(() => app.dispose())
    const { electron, tray, menu, click, shown, copied } = await trayOver(app)

    expect(menu().outline()).toEqual([
      '[No accounts yet]',
      '---',
      'Sign in to MAG…',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])

    await app.call('magSignIn', { identifier: user.email, password: user.password })
    expect(menu().outline().slice(2)).toEqual([
      `[Signed in as User ${user.email.split('@')[0]} (password only)]`,
      'Partner applications >',
      'Sign out',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
    expect(
      menu()
        .item('Partner applications')
        .submenu?.map((i) => [i.label, i.enabled]),
    ).toEqual([
      ['Acme Billing (needs an OTP credential)', false],
      ['Acme CRM', true],
    ])

    // A password app launches from the tray: the ticket URL goes to the browser.
    await click('Partner applications', 'Acme CRM')
    await expect.poll(() => app.opened.length, settled).toBe(1)
    expect(new URL(app.opened[0] ?? '').searchParams.get('ticket')).toBeTruthy()

    // A Desktop OTP credential held by the app: its account is a code to copy, Billing is
    // offered, and launching it steps up with the credential's own code.
    const credential = await setUpDesktopOtp(app)
    tray.refresh() // the window's call would have done it (start-app refreshes after each)
    const outline = menu().outline()
    expect(outline[0]).toBe('[Copy a code]')
    expect(outline.some((label) => label.startsWith('[Desktop OTP: valid until '))).toBe(true)
    expect(menu().item('Partner applications', 'Acme Billing').enabled).toBe(true)
    await click('Partner applications', 'Acme Billing')
    await expect.poll(() => app.opened.length, settled).toBe(2)
    await expect
      .poll(() => app.services.mag.getState().account?.strength, settled)
      .toBe('Desktop OTP')

    // The code item copies the credential's current code (the one copy path).
    await click(menu().items[1]?.label ?? '')
    await expect.poll(() => copied.length, settled).toBe(1)
    expect([
      app.services.codes.codes().codes[0]?.code,
      app.services.codes.codes().codes[0]?.nextCode,
    ]).toContain(copied[0])
    expect(electron.notifications).toEqual([])

    // 11.5 months on: the expiry shows with Renew…, and the 30-day notice is shown once.
    await service.setCalendarOffsetDays(350)
    await app.call('magRefresh')
    await tray.checkNotifications()
    const expiring = menu()
      .outline()
      .find((label) => label.startsWith('[Desktop OTP: expires '))
    expect(expiring).toMatch(/^\[Desktop OTP: expires \d{1,2} \w{3} \d{4} \(1[45] days\)\]$/)
    expect(electron.notifications.map((n) => n.options.title)).toEqual([
      expect.stringMatching(/^Your Desktop OTP credential expires in 1[45] days$/),
    ])
    electron.notifications[0]?.emit('click')
    expect(await app.call('magTakeRequestedScreen')).toEqual({ screen: 'manage-otp' })
    expect(shown.count).toBe(1)

    await click('Renew…')
    expect(await app.call('magTakeRequestedScreen')).toEqual({
      screen: 'renew',
      credentialId: credential.id,
    })

    // Renewed (as the window does it): a year more; Renew… stays while offered (renewing
    // early loses nothing), and the renewed expiry's notices start afresh.
    await buyProduct(
      app,
      app.services.mag.getState().credentials[0]?.renewProductId ?? '',
      credential.id,
    )
    await app.call('magRefresh')
    const renewed = app.services.mag.getState().credentials[0]
    expect(renewed?.expiresAt).not.toBe(credential.expiresAt)
    expect(menu().outline()).toContain(
      `[Desktop OTP: valid until ${formatDate('en', renewed?.expiresAt ?? '')}]`,
    )
    expect(menu().outline()).toContain('Renew…')

    // Past the renewed expiry: the line says expired, Billing says why, one notice says so.
    await service.setCalendarOffsetDays(365 * 2 + 5)
    await app.call('magRefresh')
    await tray.checkNotifications()
    expect(menu().outline()).toContain('Get a new credential…')
    expect(menu().item('Partner applications', 'Acme Billing (credential expired)').enabled).toBe(
      false,
    )
    expect(electron.notifications.map((n) => n.options.title).at(-1)).toBe(
      'Your Desktop OTP credential has expired',
    )

    await click('Sign out')
    await expect.poll(() => app.services.mag.getState().session, settled).toBe('signed-out')
    expect(menu().outline()).toContain('Sign in to MAG…')
  }, 120_000)

  it('says MAG is offline while the service cannot be reached, keeps the codes, and recovers', async () => {
    const user = await newMagUser(service)
    const network = { down: false }
    const app = await startMagApp(service, {
      fetch: async (input, init) => {
        if (network.down) throw new TypeError('fetch failed')
        return fetch(input, init)
      },
    })
    cleanups.push(() => app.dispose())
    const { menu } = await trayOver(app)
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    await setUpDesktopOtp(app)
    await app.call('magRefresh')
    const online = menu().outline()

    network.down = true
    await app.call('magRefresh').catch(() => undefined)
    await expect.poll(() => menu().outline(), settled).toContain('[MAG service offline]')
    const offline = menu().outline()
    expect(offline.slice(0, 2)).toEqual(online.slice(0, 2))
    expect(offline).toContain('[Partner applications (MAG offline) >]')
    expect(offline).toContain('[Renew… (MAG offline)]')

    network.down = false
    await app.call('magRefresh')
    expect(menu().outline()).toEqual(online)
  }, 120_000)
})
