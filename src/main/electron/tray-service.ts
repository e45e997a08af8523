import type { MessageId } from '../../shared/i18n/namespaces'
import type { LockState } from '../../shared/lock-channels'
import type { MagRequestedScreen, MagState } from '../../shared/mag-channels'
import type { MainLocale } from '../i18n/main-i18n'
import { toAppError } from '../ipc/dispatcher'
import { notificationsDue, prunedSentKeys } from '../tray/notification-schedule'
import type { SentNotificationsStore } from '../tray/sent-notifications-store'
import { trayMenu, type TrayAction, type TrayMenuItem, type TrayVaultView } from '../tray/tray-menu'
import type { EntrySummary, VaultStatus } from '@mag/vault'

/**
 * The tray icon, its menu and the expiry notifications, wired to Electron through the
 * slices below (a recording fake stands in for them in tests). Every decision is made by
 * the pure functions in src/main/tray: this builds their input from the services, turns
 * their output into a Menu or a Notification, and runs the action of a clicked item.
 *
 * No timers: the menu is rebuilt when something it shows may have changed (the MAG state
 * and the lock announce their changes; the vault is looked at again after each window
 * request, and the UI language after each switch, see start-app.ts), and only when the
 * model differs from the menu in place.
 *
 * The lock is followed whoever locks (the window, the tray's Lock now, idle, screen lock):
 * locked, the menu names nothing (tray-menu.ts) and expiry notifications wait for the
 * unlock, when they are looked at again.
 */

export type TrayLike = {
  setToolTip(toolTip: string): void
  setContextMenu(menu: MenuLike | null): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

/** A built Menu; only handed to the tray. */
export type MenuLike = object

/** The part of Electron's MenuItemConstructorOptions the tray uses. */
export type MenuItemOptions = {
  type: 'normal' | 'separator' | 'submenu'
  label?: string
  enabled?: boolean
  submenu?: MenuItemOptions[]
  click?: () => void
}

export type NotificationLike = {
  show(): void
  on(event: 'click' | 'close', listener: () => void): unknown
}

export type TrayElectronParts = {
  /** Given the icon's path, Electron also picks its @2x file on HiDPI screens. */
  Tray: new (iconPath: string) => TrayLike
  Menu: { buildFromTemplate(template: MenuItemOptions[]): MenuLike }
  Notification: {
    new (options: { title: string; body: string }): NotificationLike
    isSupported(): boolean
  }
}

/** What the tray needs of the MAG service (src/main/mag). */
export type TrayMagPort = {
  getState(): MagState
  onStateChange(listener: (state: MagState) => void): () => void
  launchApp(args: { slug: string }): Promise<unknown>
  signOut(): Promise<unknown>
  /** Remembers a screen for the window to open when it is next shown or focused. */
  requestScreen(screen: MagRequestedScreen): void
}

/**
 * What the tray needs of the vault (AppVault satisfies it). The tray never opens the vault:
 * the window does, and the tray shows what it holds once it is open.
 */
export type TrayVaultPort = {
  readonly openStarted: boolean
  status(): VaultStatus
  list(): EntrySummary[]
  /** A vault password is set (Lock now is offered only then); may throw before the vault opens. */
  hasPassword(): boolean
}

/** What the tray needs of the lock (LockService satisfies it). */
export type TrayLockPort = {
  lock(): Promise<unknown>
  /** Told after every lock, unlock and password change, whoever caused it. */
  subscribe(listener: (state: LockState) => void): () => void
}

export type TrayServiceOptions = {
  electron: TrayElectronParts
  iconPath: string
  platform: NodeJS.Platform
  vault: TrayVaultPort
  /** Absent until a MAG service is wired: the menu then has no MAG part. */
  mag?: TrayMagPort
  /** The vault password's lock: Lock now, and the menu following every lock and unlock. */
  lock?: TrayLockPort
  /** The UI language now (main's i18n); read at every rebuild, so a switch shows at the next. */
  locale: () => MainLocale
  /** Copies the entry's current code, computed now, and clears it after a while if still ours. */
  copyEntryCode(entryId: string): Promise<unknown>
  /** Shows the main window (creating it if needed) and brings it forward. */
  showWindow(): void
  /** Quits the app for real (not back into the tray). */
  quit(): void
  sentNotifications: SentNotificationsStore
  now?: () => number
  log?: (message: string) => void
}

export class TrayService {
  private readonly options: TrayServiceOptions
  private readonly now: () => number
  private readonly log: (message: string) => void
  private tray: TrayLike | undefined
  private menuShown: string | undefined
  private toolTipShown: string | undefined
  private readonly unsubscribes: Array<() => void> = []
  private sent: Promise<Set<string>> | undefined
  /** Notification checks run one after another, so two quick state changes never show one twice. */
  private notifying: Promise<void> = Promise.resolve()
  /** Shown notifications, held so their click handlers live as long as they do. */
  private readonly liveNotifications = new Set<NotificationLike>()

  constructor(options: TrayServiceOptions) {
    this.options = options
    this.now = options.now ?? Date.now
    this.log = options.log ?? console.info
  }

  /** The tray exists (creating it may fail where the desktop has none). */
  get active(): boolean {
    return this.tray !== undefined
  }

  /**
   * Creates the tray with its first menu, then follows the vault and the MAG state.
   * Answers false, having logged why, when the platform refuses a tray.
   */
  start(): boolean {
    if (this.tray) return true
    const { electron, iconPath, platform } = this.options
    try {
      this.tray = new electron.Tray(iconPath)
    } catch (error) {
      this.log(`Tray: none created (${error instanceof Error ? error.message : String(error)}).`)
      return false
    }
    // Windows opens the window on a left click; macOS and Linux indicators show the menu.
    if (platform === 'win32') this.tray.on('click', () => this.options.showWindow())
    this.refresh()

    this.sent = this.options.sentNotifications.load()
    const followed = () => {
      this.refresh()
      void this.checkNotifications()
    }
    const { mag, lock } = this.options
    if (mag) this.unsubscribes.push(mag.onStateChange(followed))
    if (lock) this.unsubscribes.push(lock.subscribe(followed))
    void this.checkNotifications()
    return true
  }

  /**
   * Rebuilds the menu (and the tooltip) if what it would show changed, the language
   * included. Cheap when nothing did.
   */
  refresh(): void {
    if (!this.tray) return
    const vault = this.vaultView()
    const locale = this.options.locale()
    const toolTip = locale.t(vault.state === 'locked' ? 'tray.toolTipLocked' : 'tray.toolTip')
    if (toolTip !== this.toolTipShown) {
      this.toolTipShown = toolTip
      this.tray.setToolTip(toolTip)
    }
    const model = trayMenu({
      vault,
      canLock: vault.state === 'ready' && this.options.lock !== undefined && this.hasPassword(),
      mag: this.options.mag?.getState() ?? null,
      now: this.now(),
      locale,
    })
    const fingerprint = JSON.stringify(model)
    if (fingerprint === this.menuShown) return
    this.menuShown = fingerprint
    this.tray.setContextMenu(
      this.options.electron.Menu.buildFromTemplate(model.map((item) => this.menuItem(item))),
    )
  }

  /** Shows the expiry notifications now due (each once, across restarts). */
  checkNotifications(): Promise<void> {
    this.notifying = this.notifying
      .then(() => this.notifyDue())
      .catch((error: unknown) => {
        this.log(`Expiry notifications: ${error instanceof Error ? error.message : String(error)}`)
      })
    return this.notifying
  }

  /** What a click on a menu item does. */
  async perform(action: TrayAction): Promise<void> {
    const { options } = this
    switch (action.kind) {
      case 'copy-code':
        return this.reportFailure('tray.failure.copy', () => options.copyEntryCode(action.entryId))
      case 'launch-app':
        return this.launch(action.slug)
      case 'open-window':
        return this.openWindow(action.screen)
      case 'sign-out':
        return this.reportFailure('tray.failure.signOut', async () => {
          await options.mag?.signOut()
        })
      case 'lock':
        // The menu follows through the lock's own announcement, as for any other lock.
        return this.reportFailure('tray.failure.lock', async () => {
          await options.lock?.lock()
        })
      case 'quit':
        options.quit()
        return
    }
  }

  destroy(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe()
    this.tray?.destroy()
    this.tray = undefined
    this.menuShown = undefined
    this.toolTipShown = undefined
  }

  private hasPassword(): boolean {
    try {
      return this.options.vault.hasPassword()
    } catch {
      // A vault that cannot tell offers no Lock now; the window says what is wrong.
      return false
    }
  }

  private vaultView(): TrayVaultView {
    if (!this.options.vault.openStarted) return { state: 'opening' }
    try {
      const status = this.options.vault.status()
      if (status.state === 'locked') return { state: 'locked' }
      if (status.state === 'unavailable')
        return { state: 'unavailable', problem: status.problem.kind }
      return { state: 'ready', accounts: this.options.vault.list() }
    } catch {
      // A data file this app cannot use (e.g. from a newer version): the window says why.
      return { state: 'unavailable', problem: 'unreadable' }
    }
  }

  private menuItem(item: TrayMenuItem): MenuItemOptions {
    if (item.type === 'separator') return { type: 'separator' }
    const label = this.escapeLabel(item.label)
    if (item.type === 'submenu') {
      return {
        type: 'submenu',
        label,
        enabled: item.enabled,
        submenu: item.submenu.map((child) => this.menuItem(child)),
      }
    }
    const { action } = item
    return action === undefined
      ? { type: 'normal', label, enabled: item.enabled }
      : { type: 'normal', label, enabled: item.enabled, click: () => void this.perform(action) }
  }

  /** Windows and Linux read "&" as a mnemonic marker; "AT&T" must stay "AT&T". */
  private escapeLabel(label: string): string {
    return this.options.platform === 'darwin' ? label : label.replaceAll('&', '&&')
  }

  private openWindow(screen: MagRequestedScreen | undefined): void {
    // Asked for before the window shows: it takes the screen when it is shown or focused.
    if (screen !== undefined) this.options.mag?.requestScreen(screen)
    this.options.showWindow()
  }

  private async launch(slug: string): Promise<void> {
    try {
      await this.options.mag?.launchApp({ slug })
    } catch (error) {
      const known = toAppError(error)
      // A hardware token's code only the user can type: the window asks for it.
      if (known?.code === 'mag-code-needed') return this.openWindow({ screen: 'dashboard' })
      this.notifyFailure('tray.failure.launch', error)
    }
  }

  private async reportFailure(title: MessageId, run: () => Promise<unknown>): Promise<void> {
    try {
      await run()
    } catch (error) {
      this.notifyFailure(title, error)
    }
  }

  /**
   * Only messages the services mean users to read are shown (as they are: the services'
   * errors are not translated in main); anything else is logged, by its id, not its text.
   */
  private notifyFailure(title: MessageId, error: unknown): void {
    const known = toAppError(error)
    if (!known) {
      this.log(`Tray: ${title} (${error instanceof Error ? error.name : typeof error}).`)
    }
    const { t } = this.options.locale()
    this.notify(
      {
        title: t(title),
        body: known?.message ?? t('tray.failure.unknown'),
      },
      () => this.options.showWindow(),
    )
  }

  private async notifyDue(): Promise<void> {
    const mag = this.options.mag
    if (!mag || !this.sent) return
    const sent = await this.sent
    // Locked: nothing is said until the unlock (the lock's announcement looks again then).
    if (this.vaultView().state === 'locked') return
    const credentials = mag.getState().credentials
    const due = notificationsDue({
      credentials,
      now: this.now(),
      sent,
      locale: this.options.locale(),
    })
    if (due.length === 0) return
    for (const notice of due) {
      for (const key of notice.keys) sent.add(key)
      this.notify({ title: notice.title, body: notice.body }, () =>
        this.openWindow({ screen: 'manage-otp' }),
      )
    }
    const kept = prunedSentKeys(sent, credentials)
    sent.clear()
    for (const key of kept) sent.add(key)
    await this.options.sentNotifications.save(sent)
  }

  private notify(content: { title: string; body: string }, onClick?: () => void): void {
    const { Notification } = this.options.electron
    if (!Notification.isSupported()) {
      this.log(`Notifications unsupported here; not shown: ${content.title}`)
      return
    }
    const notification = new Notification(content)
    this.liveNotifications.add(notification)
    notification.on('click', () => {
      this.liveNotifications.delete(notification)
      onClick?.()
    })
    notification.on('close', () => this.liveNotifications.delete(notification))
    notification.show()
  }
}
