import { join } from 'node:path'
import { createAppServices, type AppServices } from '../app-services'
import { PendingLinks } from '../pending-links'
import { wireLock, type PowerMonitorLike } from '../lock/lock-wiring'
import type { Timers } from '../shell/clipboard-service'
import { followUiLanguage } from '../i18n/follow-ui-language'
import { MainI18n } from '../i18n/main-i18n'
import type { Dispatch } from '../ipc/dispatcher'
import { registerIpcHandlers, type IpcMainLike } from '../ipc/register'
import { isTrustedSender, type IpcSenderEvent } from '../ipc/trusted-sender'
import { APP_INDEX_URL } from '../shell/app-protocol-path'
import { contentSecurityPolicy } from '../shell/content-security-policy'
import { openExternalSafely, type ExternalOpener } from '../shell/safe-shell'
import {
  mainWindowOptions,
  quickSearchWindowOptions,
  type MainWindowOptions,
  type QuickSearchWindowOptions,
} from '../shell/window-options'
import {
  createSentNotificationsFile,
  sentNotificationsFileName,
} from '../tray/sent-notifications-store'
import { createTransferOsAdapters, type TransferElectronParts } from './transfer-adapters'
import { createElectronTextClipboard, type ElectronClipboardParts } from './clipboard-adapter'
import { TrayService, type TrayElectronParts } from './tray-service'
import type { DataFile, KeychainAdapter } from '@mag/vault'
import type { DevelopmentService } from '../mag/dev-service'
import { openAppSettingsFile, prepareMag } from '../mag/mag-startup'
import {
  HIDDEN_ARG,
  QuickSearchWindow,
  quickSearchUrl,
  supportsLoginItems,
  type GlobalShortcutLike,
  type QuickSearchWindowLike,
} from './quick-search-window'
import { hardenWebContents, type WebContentsLike } from './harden-web-contents'
import { registerAppScheme, serveAppProtocol, type AppProtocolLike } from './app-protocol'
import { applySessionPolicy, type SessionLike } from './session-policy'
import { bringForward, claimSingleInstance, type FocusableWindow } from './single-instance'

/** What the wiring needs from a BrowserWindow. */
export type AppWindow = FocusableWindow & {
  webContents: { id: number }
  once(event: 'ready-to-show', listener: () => void): unknown
  on(event: 'closed', listener: () => void): unknown
  /** The close button; with a tray the window hides instead (see startApp). */
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown
  hide(): void
  loadURL(url: string): Promise<void>
} & QuickSearchWindowLike

/**
 * The slice of the `electron` module the app uses, so the wiring can run against a
 * recording fake. src/main/index.ts passes the real module.
 */
export type ElectronParts = {
  app: {
    isPackaged: boolean
    enableSandbox(): void
    requestSingleInstanceLock(): boolean
    quit(): void
    whenReady(): Promise<unknown>
    getPath(name: 'userData'): string
    setAsDefaultProtocolClient(protocol: string): boolean
    /** Windows shows a desktop notification only for an app with this id. */
    setAppUserModelId(id: string): void
    /** Start at login (macOS, Windows); `args` reach the login launch on Windows. */
    setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void
    /** The OS's preferred languages, most preferred first ('system' language setting). */
    getPreferredSystemLanguages(): string[]
    on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown
    on(
      event: 'open-url',
      listener: (event: { preventDefault(): void }, url: string) => void,
    ): unknown
    on(event: 'window-all-closed', listener: () => void): unknown
    on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
    on(event: 'activate', listener: () => void): unknown
    on(
      event: 'web-contents-created',
      listener: (event: unknown, contents: WebContentsLike) => void,
    ): unknown
  }
  BrowserWindow: new (options: MainWindowOptions | QuickSearchWindowOptions) => AppWindow
  /** The quick-search shortcut (quick-search-window.ts). */
  globalShortcut: GlobalShortcutLike
  ipcMain: IpcMainLike<IpcSenderEvent>
  session: { defaultSession: SessionLike }
  protocol: AppProtocolLike
  clipboard: ElectronClipboardParts['clipboard'] & TransferElectronParts['clipboard']
  /** Electron's ClipboardItem: a code and its "sensitive" marks go out in one write. */
  ClipboardItem: ElectronClipboardParts['ClipboardItem']
  shell: ExternalOpener
  dialog: TransferElectronParts['dialog']
  desktopCapturer: TransferElectronParts['desktopCapturer']
  screen: TransferElectronParts['screen']
  Tray: TrayElectronParts['Tray']
  Menu: TrayElectronParts['Menu']
  Notification: TrayElectronParts['Notification']
  /** Idle time, screen lock and suspend, for the vault lock (lock/lock-wiring.ts). */
  powerMonitor: PowerMonitorLike
}

export type AppConfig = {
  keychain: KeychainAdapter
  /** Opens the vault data file inside the app's userData directory. */
  createDataFile(userDataDir: string): DataFile
  preloadPath: string
  /** The built renderer folder (its index.html is app://renderer/index.html in production). */
  rendererDir: string
  /** The electron-vite dev server, when running `npm run dev`. */
  devServerUrl?: string
  iconPath?: string
  /** The tray icon (resources/tray/icon.png); without one the app has no tray. */
  trayIconPath?: string
  /** The QR decoder's zxing_reader.wasm as resolved from the built main (import, QR codes). */
  qrWasmPath?: string
  /** https origins links may open in the browser, besides the MAG partner applications'. */
  allowlistedOrigins?: () => readonly string[]
  /**
   * Development builds with no MAG address in Settings start the reference service with its
   * demo data through this (index.ts: startDevelopmentService); a packaged app never does.
   */
  startMagDevelopmentService?: (dataDir: string) => Promise<DevelopmentService>
  platform?: NodeJS.Platform
  /** The first launch's command line (a clicked link may have started the app). */
  argv?: readonly string[]
  /** Start-up remarks that are not errors; console.info unless a test listens. */
  log?: (message: string) => void
  /** The idle lock's timer; tests pass a fake clock. */
  lockTimers?: Timers
}

/**
 * The app's id on Windows (electron.builder.yml's appId): notifications, the tray's
 * included, are shown only for an app that has one, also when started unpackaged.
 */
export const APP_USER_MODEL_ID = 'com.mag.authenticator'

/** The scheme of the links the app adds accounts from when they are clicked on the desktop. */
export const OTPAUTH_PROTOCOL = 'otpauth'

export type RunningApp = {
  services: AppServices
  mainWindow(): AppWindow | undefined
  /** The tray, when one was asked for and the desktop accepted it. */
  tray(): TrayService | undefined
}

/**
 * Wires the Electron app: single instance, per-webContents navigation rules, session CSP
 * and permissions, the IPC wrapper, the main window. Everything it decides is delegated to
 * the pure functions under src/main/shell and src/main/ipc; this only connects them.
 * Resolves to undefined in a second instance, which quits.
 */
export async function startApp(
  electron: ElectronParts,
  config: AppConfig,
): Promise<RunningApp | undefined> {
  const { app } = electron
  let window: AppWindow | undefined
  // Made before anything else: macOS announces the link that launched the app (open-url)
  // before the app is ready, and a second launch may hand one over at any time.
  const pendingLinks = new PendingLinks({ now: Date.now })
  if (
    !claimSingleInstance(
      app,
      () => window,
      (argv) => pendingLinks.receiveArgv(argv),
    )
  ) {
    return undefined
  }
  pendingLinks.receiveArgv(config.argv ?? process.argv)
  app.on('open-url', (event, url) => {
    event.preventDefault()
    pendingLinks.receiveArgv([url])
    bringForward(window)
  })
  registerProtocolHandler(app, config.log ?? console.info)
  // Every renderer sandboxed, whatever options a future window is created with.
  app.enableSandbox()

  const useDevServer = !app.isPackaged && config.devServerUrl !== undefined
  // Production serves the built folder from its own origin, never file:// (app-protocol.ts).
  const rendererUrl = useDevServer ? (config.devServerUrl as string) : APP_INDEX_URL
  // Electron accepts scheme privileges only before ready.
  registerAppScheme(electron.protocol)
  // The granted partner applications' registered origins join the allowlist as the MAG
  // service lists them (services exist once the app is ready; no window opens before).
  let partnerOrigins: () => readonly string[] = () => []
  const allowlistedOrigins = () => [...(config.allowlistedOrigins?.() ?? []), ...partnerOrigins()]
  const appWebContentsIds = new Set<number>()

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
      rendererUrl,
      allowlistedOrigins,
      openExternal: (url) => void openExternalSafely(electron.shell, url, allowlistedOrigins()),
    })
  })

  await app.whenReady()

  const csp = contentSecurityPolicy(
    useDevServer ? { dev: true, devServerOrigin: new URL(rendererUrl).origin } : { dev: false },
  )
  applySessionPolicy(electron.session.defaultSession, csp)
  if (!useDevServer) {
    const log = config.log ?? console.info
    serveAppProtocol(electron.protocol, {
      rendererDir: config.rendererDir,
      csp,
      onRefused: (url, reason) => log(`app:// refused ${url} (${reason})`),
    })
  }

  // One store for settings.json: MAG's address and the desktop settings save through it.
  const settingsStore = openAppSettingsFile(app.getPath('userData'), config.log ?? console.info)
  const platform = config.platform ?? process.platform
  // Main's own voice (tray, notifications, the shortcut problem) in the UI language.
  const mainI18n = new MainI18n(config.log ?? console.info)
  const quickSearch = new QuickSearchWindow({
    electron,
    options: quickSearchWindowOptions({
      preloadPath: config.preloadPath,
      isPackaged: app.isPackaged,
      ...(config.iconPath === undefined ? {} : { iconPath: config.iconPath }),
    }),
    url: quickSearchUrl(rendererUrl),
    trustedIds: appWebContentsIds,
    t: mainI18n.t,
  })
  const mag = await prepareMag({
    settingsStore,
    userDataDir: app.getPath('userData'),
    isPackaged: app.isPackaged,
    ...(config.startMagDevelopmentService
      ? { startDevelopmentService: config.startMagDevelopmentService }
      : {}),
    shell: electron.shell,
    log: config.log ?? console.info,
  })
  const services = createAppServices({
    keychain: config.keychain,
    dataFile: config.createDataFile(app.getPath('userData')),
    mag: mag.adapters,
    desktop: {
      settings: settingsStore,
      registerShortcut: (accelerator) => quickSearch.registerShortcut(accelerator),
      hideQuickSearch: () => quickSearch.hide(),
      // Called only once the app runs (a quick-search click), after the window exists.
      showMainWindow: () => {
        if (window) bringForward(window)
        else window = openMainWindow()
      },
      systemLanguages: () => app.getPreferredSystemLanguages(),
      // The login launch starts in the tray (Windows passes args; macOS ignores them).
      ...(supportsLoginItems(platform)
        ? {
            setOpenAtLogin: (openAtLogin: boolean) =>
              app.setLoginItemSettings({ openAtLogin, args: [HIDDEN_ARG] }),
          }
        : {}),
    },
    clipboard: createElectronTextClipboard(electron),
    pendingLinks,
    transfer: createTransferOsAdapters(
      electron,
      () => window,
      config.qrWasmPath === undefined ? {} : { qrWasmPath: config.qrWasmPath },
    ),
  })
  partnerOrigins = () => services.mag.partnerOrigins()
  mag.begin(services.mag)
  // In the UI language before the shortcut's problem is worded; a switch rebuilds the tray
  // and words a problem again (registering anew) in the new language.
  await followUiLanguage(
    mainI18n,
    services.desktop,
    () => {
      tray?.refresh()
      if (services.desktop.quickSearchProblem() !== null) void services.desktop.start()
    },
    config.log ?? console.info,
  )
  // The shortcut and the login item follow the saved settings from the first moment.
  await services.desktop.start()
  const problem = services.desktop.quickSearchProblem()
  if (problem !== null) (config.log ?? console.info)(`Quick search: ${problem}`)
  // The vault lock follows the desktop: idle time, screen lock, suspend (lock/lock-wiring.ts).
  // Whoever locks it, every page that may hold a code or a label is replaced, not asked to
  // hide them: the main window loads its page afresh (which starts at the lock screen) and
  // the hidden quick-search page is made anew. The renderer's own switch to its lock screen
  // (on a 'locked' answer) alone would leave rows in a page that has not called main since.
  await wireLock({
    lock: services.lock,
    desktop: services.desktop,
    powerMonitor: electron.powerMonitor,
    ...(config.lockTimers ? { timers: config.lockTimers } : {}),
    onLocked: () => {
      if (window && !window.isDestroyed()) void window.loadURL(rendererUrl)
      quickSearch.destroy()
      if (window) quickSearch.warm()
    },
    log: config.log ?? console.info,
  })
  // Launched at login (--hidden) or asked to: the window stays in the tray until asked for.
  let startHidden =
    (config.argv ?? process.argv).includes(HIDDEN_ARG) || (await settingsStore.read()).startHidden
  let tray: TrayService | undefined
  // Any window request may have changed the vault (added, edited, moved, imported, or re-read
  // what the command line wrote), so the tray looks again; it rebuilds only on a change.
  const dispatch: Dispatch = async (channel, args) => {
    const answer = await services.dispatch(channel, args)
    tray?.refresh()
    return answer
  }
  registerIpcHandlers(electron.ipcMain, dispatch, (event) =>
    isTrustedSender(event, { appWebContentsIds, rendererUrl }),
  )

  // Set once the app is really quitting (tray Quit, the OS, Cmd+Q): closing then closes.
  let quitting = false
  const openMainWindow = (): AppWindow => {
    const created = new electron.BrowserWindow(
      mainWindowOptions({
        preloadPath: config.preloadPath,
        isPackaged: app.isPackaged,
        ...(config.iconPath === undefined ? {} : { iconPath: config.iconPath }),
      }),
    )
    const id = created.webContents.id
    appWebContentsIds.add(id)
    created.once('ready-to-show', () => {
      // Hidden only while the tray is there to bring it back; only the first window.
      if (!(startHidden && tray?.active)) created.show()
      startHidden = false
      // Quick search made hidden now, so the shortcut shows a window already painted.
      quickSearch.warm()
    })
    created.on('close', (event) => {
      // The tray keeps the app: closing the window hides it, unless the app is quitting.
      if (tray?.active && !quitting) {
        event.preventDefault()
        created.hide()
      }
    })
    created.on('closed', () => {
      appWebContentsIds.delete(id)
      if (window === created) window = undefined
      // Without a tray, the hidden quick-search window must not keep the app alive.
      if (!tray) quickSearch.destroy()
    })
    void created.loadURL(rendererUrl)
    return created
  }

  window = openMainWindow()
  if (config.trayIconPath !== undefined) {
    const log = config.log ?? console.info
    if ((config.platform ?? process.platform) === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
    tray = new TrayService({
      electron,
      iconPath: config.trayIconPath,
      platform: config.platform ?? process.platform,
      vault: services.vault,
      mag: services.mag,
      lock: services.lock,
      locale: () => mainI18n.locale(),
      copyEntryCode: (entryId) => services.copyEntryCode(entryId),
      showWindow: () => {
        if (window) bringForward(window)
        else window = openMainWindow()
      },
      quit: () => {
        quitting = true
        app.quit()
      },
      sentNotifications: createSentNotificationsFile({
        path: join(app.getPath('userData'), sentNotificationsFileName),
        log,
      }),
      log,
    })
    if (!tray.start()) tray = undefined
  }
  // macOS: a click on the Dock icon. The window may be hidden in the tray: show it.
  app.on('activate', () => {
    if (window) bringForward(window)
    else window = openMainWindow()
  })
  app.on('window-all-closed', () => {
    // Only reached when the window was really closed; the tray keeps the app all the same.
    if (tray) return
    if ((config.platform ?? process.platform) !== 'darwin') app.quit()
  })
  // Electron 45's clipboard is asynchronous: hold the quit until a code still waiting to be
  // cleared is gone, then quit for real (the second before-quit passes through).
  let clipboardSettled = false
  app.on('before-quit', (event) => {
    quitting = true
    if (clipboardSettled) return
    quickSearch.unregisterShortcut()
    event.preventDefault()
    // The development MAG service this run started stops with it.
    void Promise.allSettled([services.clipboard.clearPendingNow(), mag.stop()]).finally(() => {
      clipboardSettled = true
      app.quit()
    })
  })

  return { services, mainWindow: () => window, tray: () => tray }
}

/**
 * Makes this app the desktop's handler for otpauth links. Only a packaged app registers:
 * unpackaged, the executable is this checkout's Electron binary (node_modules/electron),
 * which would then receive every otpauth link the user clicks, long after this checkout is
 * gone. macOS and the Linux packages declare the scheme in their bundle and desktop entry
 * (electron.builder.yml); this call claims it on Windows and makes it the default elsewhere.
 */
function registerProtocolHandler(
  app: Pick<ElectronParts['app'], 'isPackaged' | 'setAsDefaultProtocolClient'>,
  log: (message: string) => void,
): void {
  if (!app.isPackaged) {
    log(
      `otpauth links: not registering as their handler in development, which would register this checkout's Electron binary for every ${OTPAUTH_PROTOCOL}:// link on the desktop.`,
    )
    return
  }
  if (!app.setAsDefaultProtocolClient(OTPAUTH_PROTOCOL)) {
    log(`otpauth links: the desktop did not accept this app as their handler.`)
  }
}
