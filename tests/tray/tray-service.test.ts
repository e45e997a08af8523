import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  TrayService,
  type TrayElectronParts,
  type TrayLockPort,
  type TrayMagPort,
  type TrayVaultPort,
} from '../../src/main/electron/tray-service'
import { AppError } from '../../src/shared/errors'
import type { MagRequestedScreen, MagState } from '../../src/shared/mag-channels'
import {
  createSentNotificationsFile,
  sentNotificationsFileName,
} from '../../src/main/tray/sent-notifications-store'
import type { MagService } from '../../src/main/mag/mag-service'
import { VAULT_LOCKED_PROBLEM, type EntrySummary, type VaultStatus } from '@mag/vault'
import { createFakeElectron, type FakeMenu } from '../shell/fake-electron'
import { credentialId, desktopCredential, magState, now, offline, signedOut } from './fixtures'
import { localeIn } from './locale'
import type { LockState } from '../../src/shared/lock-channels'
import type { LockService } from '../../src/main/lock/lock-service'

const en = await localeIn('en')
const de = await localeIn('de')

/**
 * TrayService against the recording Electron fake: the tray, its menu as built from state,
 * what each item does, and the expiry notifications. The MAG service and the vault are
 * stood in for by their ports (their own tests run them for real); the sent-notifications
 * file is a real file.
 */

const github: EntrySummary = {
  id: '11111111-1111-4111-8111-111111111111',
  type: 'totp',
  issuer: 'AT&T',
  label: 'alice',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
}

// The real MAG service fits the port the tray is written against (checked by tsc).
const magServiceFits = (service: MagService): TrayMagPort => service
void magServiceFits

/** The MAG service as the tray sees it: a state to change, and the calls it got. */
class RecordingMag implements TrayMagPort {
  readonly calls: string[] = []
  readonly screens: MagRequestedScreen[] = []
  launchFailure: Error | undefined
  private listeners = new Set<(state: MagState) => void>()
  constructor(private state: MagState) {}
  getState(): MagState {
    return this.state
  }
  onStateChange(listener: (state: MagState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  set(state: MagState): void {
    this.state = { ...state, revision: this.state.revision + 1 }
    for (const listener of this.listeners) listener(this.state)
  }
  get listenerCount(): number {
    return this.listeners.size
  }
  async launchApp({ slug }: { slug: string }): Promise<unknown> {
    this.calls.push(`launch ${slug}`)
    if (this.launchFailure) throw this.launchFailure
    return { openedOrigin: 'https://wiki.example' }
  }
  async signOut(): Promise<unknown> {
    this.calls.push('sign-out')
    return this.state
  }
  requestScreen(screen: MagRequestedScreen): void {
    this.screens.push(screen)
  }
}

function vaultOf(entries: EntrySummary[], opened = true) {
  const vault = {
    openStarted: opened,
    entries,
    problem: undefined as VaultStatus | undefined,
    password: false,
    status(): VaultStatus {
      return this.problem ?? { state: 'ready', entryCount: this.entries.length, notices: [] }
    },
    list(): EntrySummary[] {
      return [...this.entries]
    },
    hasPassword(): boolean {
      return this.password
    },
  }
  return vault satisfies TrayVaultPort
}

// The real lock fits the port the tray is written against (checked by tsc).
const lockServiceFits = (service: LockService): TrayLockPort => service
void lockServiceFits

/**
 * The lock as the tray sees it, over a vault stand-in: lock() locks that vault and tells
 * its listeners, as LockService does whoever asked; `lockElsewhere` is the window, idle or
 * screen lock doing the same.
 */
class RecordingLock implements TrayLockPort {
  locks = 0
  failure: Error | undefined
  private readonly listeners = new Set<(state: LockState) => void>()
  constructor(private readonly vault: ReturnType<typeof vaultOf>) {}
  subscribe(listener: (state: LockState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  async lock(): Promise<LockState> {
    this.locks++
    if (this.failure) throw this.failure
    return this.lockElsewhere()
  }
  lockElsewhere(): LockState {
    this.vault.problem = {
      state: 'locked',
      problem: VAULT_LOCKED_PROBLEM,
      entryCount: this.vault.entries.length,
      notices: [],
    }
    return this.announce()
  }
  unlockElsewhere(): LockState {
    this.vault.problem = undefined
    return this.announce()
  }
  get listenerCount(): number {
    return this.listeners.size
  }
  private announce(): LockState {
    const state = { locked: this.vault.problem !== undefined, hasPassword: this.vault.password }
    for (const listener of this.listeners) listener(state)
    return state
  }
}

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mag-tray-service-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function setUp(
  options: {
    mag?: RecordingMag | null
    vault?: ReturnType<typeof vaultOf>
    platform?: NodeJS.Platform
    at?: number
    copyEntryCode?: (id: string) => Promise<unknown>
    lock?: RecordingLock
  } = {},
) {
  const electron = createFakeElectron()
  const mag = options.mag === undefined ? new RecordingMag(magState()) : options.mag
  const vault = options.vault ?? vaultOf([github])
  const record = { copied: [] as string[], shown: 0, quit: 0, logged: [] as string[] }
  const clock = { now: options.at ?? now }
  const language = { locale: en }
  const tray = new TrayService({
    electron: electron as unknown as TrayElectronParts,
    iconPath: '/app/resources/tray/icon.png',
    platform: options.platform ?? 'linux',
    vault,
    ...(mag ? { mag } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
    locale: () => language.locale,
    copyEntryCode:
      options.copyEntryCode ??
      (async (id) => {
        record.copied.push(id)
      }),
    showWindow: () => record.shown++,
    quit: () => record.quit++,
    sentNotifications: createSentNotificationsFile({
      path: join(dir, sentNotificationsFileName),
      log: (m) => record.logged.push(m),
    }),
    now: () => clock.now,
    log: (m) => record.logged.push(m),
  })
  const menu = (): FakeMenu => {
    const shown = electron.trays[0]?.menu
    if (!shown) throw new Error('no tray menu')
    return shown
  }
  const click = async (...labels: string[]) => {
    const item = menu().item(...labels)
    if (!item.click) throw new Error(`"${labels.join(' > ')}" has no click`)
    item.click()
    await tray.checkNotifications()
    // Actions run asynchronously; let them settle.
    await new Promise((resolve) => setImmediate(resolve))
  }
  // Tests that pass mag: null never touch it.
  return { electron, mag: mag as RecordingMag, vault, record, tray, menu, click, clock, language }
}

describe('TrayService', () => {
  it('creates one tray with the icon and tooltip, and its menu from state', () => {
    const { electron, tray, menu } = setUp()
    expect(tray.start()).toBe(true)
    expect(tray.start()).toBe(true)
    expect(electron.trays).toHaveLength(1)
    expect(electron.trays[0]?.iconPath).toBe('/app/resources/tray/icon.png')
    expect(electron.trays[0]?.toolTip).toBe('MAG Authenticator')
    expect(menu().outline()).toEqual([
      '[Copy a code]',
      'AT&&T (alice)',
      '---',
      '[Signed in as Alice Example (password only)]',
      'Partner applications >',
      '[Desktop OTP: valid until 19 Jun 2027]',
      'Sign out',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
    expect(
      menu()
        .item('Partner applications')
        .submenu?.map((i) => i.label),
    ).toEqual(['Team Wiki', 'Payroll && Benefits'])
  })

  it('macOS shows "&" as it is', () => {
    const { tray, menu } = setUp({ platform: 'darwin' })
    tray.start()
    expect(menu().item('AT&T (alice)')).toBeDefined()
  })

  it('rebuilds the menu when the MAG state changes, and only when the menu would change', () => {
    const { electron, mag, tray, menu } = setUp()
    tray.start()
    const trayIcon = electron.trays[0]
    expect(trayIcon?.menus).toHaveLength(1)

    mag.set(magState()) // a new revision that changes nothing shown
    expect(trayIcon?.menus).toHaveLength(1)

    mag.set(offline())
    expect(trayIcon?.menus).toHaveLength(2)
    expect(menu().outline()).toContain('[MAG service offline]')
    expect(menu().outline()).toContain('[Partner applications (MAG offline) >]')

    mag.set(signedOut())
    expect(trayIcon?.menus).toHaveLength(3)
    expect(menu().outline()).toEqual([
      '[Copy a code]',
      'AT&&T (alice)',
      '---',
      'Sign in to MAG…',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
  })

  it('follows the vault when asked to refresh: not open yet, then its accounts, then a problem', () => {
    const vault = vaultOf([], false)
    const { tray, menu } = setUp({ vault, mag: null })
    tray.start()
    expect(menu().outline()[0]).toBe('[Codes: opening the vault…]')
    vault.openStarted = true
    vault.entries = [github]
    tray.refresh()
    expect(menu().outline().slice(0, 2)).toEqual(['[Copy a code]', 'AT&&T (alice)'])
    vault.problem = {
      state: 'unavailable',
      problem: { kind: 'keychain-locked', message: 'Locked.', remedy: 'Unlock it.' },
      entryCount: 1,
      notices: [],
    }
    tray.refresh()
    expect(menu().outline()).toEqual([
      '[Codes unavailable: the keyring is locked]',
      '---',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
  })

  it('a data file the vault refuses shows no codes and says to open the window', () => {
    const vault = vaultOf([github])
    vault.status = () => {
      throw new Error('written by a newer version')
    }
    const { tray, menu } = setUp({ vault, mag: null })
    tray.start()
    expect(menu().outline()[0]).toBe('[Codes unavailable: open the window to see why]')
  })

  it('a code item copies that entry’s code, computed at the click', async () => {
    const { tray, click, record } = setUp()
    tray.start()
    await click('AT&&T (alice)')
    expect(record.copied).toEqual([github.id])
  })

  it('a failed copy is told in a notification with the service’s own words', async () => {
    const { electron, tray, click } = setUp({
      mag: null,
      copyEntryCode: async () => {
        throw new AppError('keychain-locked', 'Your keyring is locked.')
      },
    })
    tray.start()
    await click('AT&&T (alice)')
    expect(electron.notifications[0]?.options).toEqual({
      title: 'Could not copy the code',
      body: 'Your keyring is locked.',
    })
  })

  it('an unexpected failure is never shown as is: a generic text, and a log line without the message', async () => {
    const { electron, tray, click, mag, record } = setUp()
    tray.start()
    mag.launchFailure = new Error('secret-looking detail JBSWY3DPEHPK3PXP')
    await click('Partner applications', 'Team Wiki')
    expect(electron.notifications[0]?.options).toEqual({
      title: 'Could not open the application',
      body: 'Something went wrong inside the app. Open it to try again.',
    })
    expect(record.logged.join('\n')).not.toContain('JBSWY3DPEHPK3PXP')
    electron.notifications[0]?.emit('click')
    expect(record.shown).toBe(1)
  })

  it('a partner application launches through the MAG service; stepping up is the service’s', async () => {
    const { tray, click, mag, record } = setUp()
    tray.start()
    await click('Partner applications', 'Payroll && Benefits')
    expect(mag.calls).toEqual(['launch payroll'])
    expect(record.shown).toBe(0)
  })

  it('a launch needing a code only the user has opens the dashboard to ask for it', async () => {
    const { tray, click, mag, record, electron } = setUp()
    tray.start()
    mag.launchFailure = new AppError('mag-code-needed', 'Enter the code from your token.')
    await click('Partner applications', 'Team Wiki')
    expect(mag.screens).toEqual([{ screen: 'dashboard' }])
    expect(record.shown).toBe(1)
    expect(electron.notifications).toEqual([])
  })

  it('a launch the service refuses says why in a notification', async () => {
    const { tray, click, mag, electron } = setUp()
    tray.start()
    mag.launchFailure = new AppError(
      'mag-offline',
      'The MAG service cannot be reached; nothing was changed.',
    )
    await click('Partner applications', 'Team Wiki')
    expect(electron.notifications.map((n) => n.options)).toEqual([
      {
        title: 'Could not open the application',
        body: 'The MAG service cannot be reached; nothing was changed.',
      },
    ])
  })

  it('Renew… asks the window for the renew screen and shows it; Open shows it as it is', async () => {
    const mag = new RecordingMag(magState({ credentials: [desktopCredential(11)] }))
    const { tray, click, record } = setUp({ mag })
    tray.start()
    await click('Renew…')
    expect(mag.screens).toEqual([{ screen: 'renew', credentialId }])
    expect(record.shown).toBe(1)
    await click('Open MAG Authenticator')
    expect(mag.screens).toHaveLength(1)
    expect(record.shown).toBe(2)
  })

  it('Sign out signs out through the MAG service; Quit quits', async () => {
    const { tray, click, mag, record } = setUp()
    tray.start()
    await click('Sign out')
    expect(mag.calls).toEqual(['sign-out'])
    await click('Quit MAG Authenticator')
    expect(record.quit).toBe(1)
  })

  it('opens the window on a left click on Windows only (elsewhere the click shows the menu)', () => {
    for (const [platform, shown] of [
      ['win32', 1],
      ['linux', 0],
      ['darwin', 0],
    ] as const) {
      const { electron, tray, record } = setUp({ platform })
      tray.start()
      electron.trays[0]?.emit('click')
      expect(record.shown, platform).toBe(shown)
    }
  })

  it('shows an expiry notification once, across restarts; its click opens Manage OTP', async () => {
    const mag = new RecordingMag(magState({ credentials: [desktopCredential(7)] }))
    const first = setUp({ mag })
    first.tray.start()
    await first.tray.checkNotifications()
    expect(first.electron.notifications).toHaveLength(1)
    const [notification] = first.electron.notifications
    expect(notification?.shown).toBe(true)
    expect(notification?.options.title).toBe('Your Desktop OTP credential expires in 7 days')

    // Further state changes do not repeat it.
    mag.set(magState({ credentials: [desktopCredential(7)] }))
    mag.set(offline(magState({ credentials: [desktopCredential(7)] })))
    await first.tray.checkNotifications()
    expect(first.electron.notifications).toHaveLength(1)

    notification?.emit('click')
    expect(mag.screens).toEqual([{ screen: 'manage-otp' }])
    expect(first.record.shown).toBe(1)
    first.tray.destroy()
    expect(mag.listenerCount).toBe(0)
    expect(first.electron.trays[0]?.destroyed).toBe(true)

    // A restart reads what was shown from the file.
    const saved = JSON.parse(await readFile(join(dir, sentNotificationsFileName), 'utf8')) as {
      sent: string[]
    }
    expect(saved.sent).toHaveLength(2)
    const second = setUp({ mag })
    second.tray.start()
    await second.tray.checkNotifications()
    expect(second.electron.notifications).toHaveLength(0)

    // Six days later the 1-day notice is due, and shown once.
    second.clock.now = now + 6 * 86_400_000
    mag.set(magState({ credentials: [desktopCredential(7)] }))
    await second.tray.checkNotifications()
    expect(second.electron.notifications.map((n) => n.options.title)).toEqual([
      'Your Desktop OTP credential expires within a day',
    ])
  })

  it('shows nothing where notifications are unsupported, and says so in the log', async () => {
    const mag = new RecordingMag(magState({ credentials: [desktopCredential(1)] }))
    const { tray, electron, record } = setUp({ mag })
    electron.notificationControl.supported = false
    tray.start()
    await tray.checkNotifications()
    expect(electron.notifications).toEqual([])
    expect(record.logged).toContain(
      'Notifications unsupported here; not shown: Your Desktop OTP credential expires within a day',
    )
  })

  it('answers false, having logged why, where the desktop refuses a tray', () => {
    const { electron, tray, record } = setUp()
    electron.trayControl.refusal = new Error('no StatusNotifier host')
    expect(tray.start()).toBe(false)
    expect(tray.active).toBe(false)
    expect(record.logged).toEqual(['Tray: none created (no StatusNotifier host).'])
  })
})

describe('TrayService and the vault lock', () => {
  function lockable(password = true) {
    const vault = vaultOf([github])
    vault.password = password
    const lock = new RecordingLock(vault)
    return { ...setUp({ vault, lock }), lock }
  }

  it('offers Lock now with a password while unlocked; its click locks, and the menu then names nothing', async () => {
    const { tray, menu, click, lock, electron } = lockable()
    tray.start()
    expect(menu().outline().slice(-3)).toEqual([
      'Lock now',
      'Open MAG Authenticator',
      'Quit MAG Authenticator',
    ])
    expect(electron.trays[0]?.toolTip).toBe('MAG Authenticator')
    await click('Lock now')
    expect(lock.locks).toBe(1)
    expect(menu().outline()).toEqual([
      '[Codes: locked]',
      'Unlock…',
      '---',
      'Quit MAG Authenticator',
    ])
    expect(electron.trays[0]?.toolTip).toBe('MAG Authenticator (locked)')
  })

  it('no Lock now without a password (nothing to lock with), nor while the vault is not open', () => {
    const { tray, menu } = lockable(false)
    tray.start()
    expect(menu().outline()).not.toContain('Lock now')
    const vault = vaultOf([github], false)
    vault.password = true
    const opening = setUp({ vault, lock: new RecordingLock(vault) })
    opening.tray.start()
    expect(opening.menu().outline()).not.toContain('Lock now')
  })

  it('follows a lock and an unlock from elsewhere (window, idle, screen lock); Unlock… opens the window', async () => {
    const { tray, menu, click, lock, record, electron } = lockable()
    tray.start()
    lock.lockElsewhere()
    expect(menu().outline()).toEqual([
      '[Codes: locked]',
      'Unlock…',
      '---',
      'Quit MAG Authenticator',
    ])
    await click('Unlock…')
    expect(record.shown).toBe(1)
    lock.unlockElsewhere()
    expect(menu().outline().slice(0, 2)).toEqual(['[Copy a code]', 'AT&&T (alice)'])
    expect(menu().outline()).toContain('Lock now')
    expect(electron.trays[0]?.toolTip).toBe('MAG Authenticator')
    tray.destroy()
    expect(lock.listenerCount).toBe(0)
  })

  it('a failed lock is told in a notification', async () => {
    const { tray, click, lock, electron } = lockable()
    tray.start()
    lock.failure = new AppError('keychain-unavailable', 'No keyring service answers.')
    await click('Lock now')
    expect(electron.notifications.map((n) => n.options)).toEqual([
      { title: 'Could not lock MAG Authenticator', body: 'No keyring service answers.' },
    ])
  })

  it('expiry notifications wait while locked, and come once unlocked', async () => {
    const vault = vaultOf([github])
    vault.password = true
    const lock = new RecordingLock(vault)
    lock.lockElsewhere()
    const mag = new RecordingMag(magState({ credentials: [desktopCredential(7)] }))
    const { tray, electron } = setUp({ vault, lock, mag })
    tray.start()
    await tray.checkNotifications()
    expect(electron.notifications).toEqual([])
    lock.unlockElsewhere()
    await tray.checkNotifications()
    expect(electron.notifications.map((n) => n.options.title)).toEqual([
      'Your Desktop OTP credential expires in 7 days',
    ])
  })
})

describe('TrayService in the UI language', () => {
  it('rebuilds the menu and the tooltip in a new language at the next refresh, once', () => {
    const vault = vaultOf([github])
    vault.password = true
    const { tray, menu, language, electron } = setUp({ vault, lock: new RecordingLock(vault) })
    tray.start()
    expect(menu().outline()).toContain('Open MAG Authenticator')
    language.locale = de
    tray.refresh()
    expect(menu().outline()).toEqual([
      '[Code kopieren]',
      'AT&&T (alice)',
      '---',
      '[Angemeldet als Alice Example (nur Passwort)]',
      'Partneranwendungen >',
      '[Desktop OTP: gültig bis 19. Juni 2027]',
      'Abmelden',
      '---',
      'Jetzt sperren',
      'MAG Authenticator öffnen',
      'MAG Authenticator beenden',
    ])
    const built = electron.trays[0]?.menus.length
    tray.refresh()
    expect(electron.trays[0]?.menus.length).toBe(built)
  })

  it('says failures and expiry notices in the UI language (a service’s own error text as it is)', async () => {
    const mag = new RecordingMag(magState({ credentials: [desktopCredential(7)] }))
    const { tray, language, electron, click } = setUp({ mag })
    language.locale = de
    tray.start()
    await tray.checkNotifications()
    // The date in this computer's time zone: the 7th or the 8th.
    expect(electron.notifications[0]?.options).toEqual({
      title: 'Ihr Desktop OTP-Zugang läuft in 7 Tagen ab',
      body: expect.stringMatching(
        /^Der Zugang läuft am [78]\. Dez\. 2026 ab\. Verlängern Sie ihn unter „OTP verwalten“; wer früh verlängert, verliert nichts\.$/,
      ),
    })
    mag.launchFailure = new Error('unexpected')
    await click('Partneranwendungen', 'Team Wiki')
    expect(electron.notifications[1]?.options).toEqual({
      title: 'Die Anwendung konnte nicht geöffnet werden',
      body: 'In der App ist etwas schiefgelaufen. Öffnen Sie sie, um es erneut zu versuchen.',
    })
  })
})
