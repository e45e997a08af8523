import type { ChannelHandlers } from '../shared/channels'
import type { VaultStatus } from '../shared/vault-status'
import {
  createDesktopHandlers,
  DesktopService,
  memoryAppSettingsStore,
  type DesktopOsAdapters,
} from './desktop/desktop-service'
import { createDispatcher, type Dispatch, type DispatchLogger } from './ipc/dispatcher'
import { LockService } from './lock/lock-service'
import { createMagHandlers } from './mag/mag-handlers'
import { magAppError } from './mag/mag-errors'
import { createMagLink } from './mag/mag-link'
import { MagService, type MagServiceSettings } from './mag/mag-service'
import type { KeychainItem } from './mag/session/refresh-token-store'
import type { ExternalOpener } from './shell/safe-shell'
import { PendingLinks } from './pending-links'
import { defaultAppSettings } from './settings/app-settings'
import type { AppSettingsStore } from './settings/app-settings-store'
import { ClipboardService, type TextClipboard, type Timers } from './shell/clipboard-service'
import { createCopyEntryCode, type CopyEntryCode } from './shell/copy-entry-code'
import {
  nodeFileAdapters,
  noTransferOsAdapters,
  type TransferOsAdapters,
} from './transfer/os-adapters'
import { TransferService } from './transfer/transfer-service'
import {
  addEntryFromForm,
  addEntryFromLink,
  CodeService,
  VaultService,
  type DataFile,
  type KeychainAdapter,
  type VaultServiceOptions,
} from '@mag/vault'

export type AppServiceAdapters = {
  keychain: KeychainAdapter
  dataFile: DataFile
  clipboard: TextClipboard
  /** Unix ms; injected so tests can pin the clock. */
  now?: () => number
  /** For the clipboard clear; injected so tests can use a fake clock. */
  timers?: Timers
  logger?: DispatchLogger
  /** Which keychain item holds the vault key; tests and the e2e harness use their own. */
  vaultKeyItem?: Pick<VaultServiceOptions, 'keychainService' | 'keychainAccount'>
  /** Import and export: file dialogs, clipboard image, screen capture (and files, for tests). */
  transfer?: TransferOsAdapters
  /**
   * Clicked otpauth links; the Electron wiring makes it before the services, because macOS
   * announces the link that launched the app before the app is ready. Made here when absent.
   */
  pendingLinks?: PendingLinks
  /** MAG: without it the MAG state says not-configured and every MAG action answers so. */
  mag?: MagAdapters
  /**
   * Quick search, start at login, start hidden: the settings file (shared with MAG's address:
   * one store per file) and what the Electron wiring does. Absent: defaults kept in memory.
   */
  desktop?: DesktopOsAdapters & { settings: AppSettingsStore }
}

export type MagAdapters = {
  /** The service address the user configured (Settings), and storing a new one. */
  settings: MagServiceSettings
  /**
   * A development build's own reference service, used while Settings names none: its
   * address, or true while it starts (then MagService.useDevelopmentService tells the end).
   */
  developmentService?: string | true | null
  /** The keychain item of the session's refresh token; the app's own unless given. */
  refreshTokenItem?: KeychainItem
  /** The browser (Electron's shell): reached only through the safe shell. */
  shell: ExternalOpener
  fetch?: typeof globalThis.fetch
  /** Start-up and launch problems worth a log line; never given a secret or a URL. */
  report?: (message: string) => void
}

/** No MAG adapters: nothing configured, and a browser that is never reached. */
const unconfiguredMag: MagAdapters = {
  settings: {
    serviceUrl: () => null,
    setServiceUrl: () => Promise.reject(magNotConfigured()),
  },
  shell: { openExternal: () => Promise.reject(magNotConfigured()) },
}

function magNotConfigured(): Error {
  return magAppError('mag-not-configured')
}

/**
 * The vault as the app runs it: it remembers its latest open, so every call waits for that
 * one instead of opening again. The vault opens on the first call (one keychain read), or
 * when the caller opens it first (the e2e harness does), and again only on retryVault.
 */
export class AppVault extends VaultService {
  private lastOpen: Promise<VaultStatus> | undefined

  override open(): Promise<VaultStatus> {
    this.lastOpen = super.open()
    return this.lastOpen
  }

  ready(): Promise<VaultStatus> {
    return this.lastOpen ?? this.open()
  }

  /**
   * Whether anyone has opened it yet. The tray waits for the window to open it rather than
   * opening it itself: start-up stays one keychain read, asked for by the window.
   */
  get openStarted(): boolean {
    return this.lastOpen !== undefined
  }
}

export type AppServices = {
  vault: AppVault
  codes: CodeService
  clipboard: ClipboardService
  /** Copies an entry's code by id, computed in main (the window's rows, the tray, quick search). */
  copyEntryCode: CopyEntryCode
  transfer: TransferService
  /** otpauth links clicked on the desktop; a launch's argv goes to its receiveArgv. */
  pendingLinks: PendingLinks
  /** MAG: the window's and the tray's state, and every MAG use case. start() it once. */
  mag: MagService
  /** Desktop settings and quick search's actions (the quick-search problem for the tray). */
  desktop: DesktopService
  /** The optional vault password: lock, unlock, and the guard on every revealing channel. */
  lock: LockService
  handlers: ChannelHandlers
  dispatch: Dispatch
}

/**
 * Builds the main-process services from their OS adapters and maps every channel to them.
 * Plain Node: the Electron app (src/main/index.ts) and the e2e harness, which binds the
 * browser's `window.magAuth` to `dispatch`, both run exactly this.
 */
export function createAppServices(adapters: AppServiceAdapters): AppServices {
  const vault = new AppVault({
    keychain: adapters.keychain,
    dataFile: adapters.dataFile,
    ...adapters.vaultKeyItem,
  })
  const codes = new CodeService({ vault, now: adapters.now ?? Date.now })
  const clipboard = new ClipboardService({
    clipboard: adapters.clipboard,
    ...(adapters.timers ? { timers: adapters.timers } : {}),
  })

  const pendingLinks = adapters.pendingLinks ?? new PendingLinks({ now: adapters.now ?? Date.now })

  const opened = async (): Promise<VaultService> => {
    await vault.ready()
    return vault
  }
  const copyEntryCode = createCopyEntryCode({ ready: opened, codes, clipboard })
  const lock = new LockService({ vault: opened, clearClipboard: () => clipboard.clearPendingNow() })

  const transfer = new TransferService({
    ...nodeFileAdapters,
    ...(adapters.transfer ?? noTransferOsAdapters),
    vault: opened,
    now: adapters.now ?? Date.now,
  })

  const magAdapters = adapters.mag ?? unconfiguredMag
  const mag = new MagService({
    connect: createMagLink({
      keychain: adapters.keychain,
      ...(magAdapters.refreshTokenItem ? { refreshTokenItem: magAdapters.refreshTokenItem } : {}),
      ...(magAdapters.fetch ? { fetch: magAdapters.fetch } : {}),
      ...(adapters.now ? { now: adapters.now } : {}),
    }),
    vault: opened,
    settings: magAdapters.settings,
    developmentService: magAdapters.developmentService ?? null,
    shell: magAdapters.shell,
    now: adapters.now ?? Date.now,
    ...(magAdapters.report ? { report: magAdapters.report } : {}),
  })

  const desktop = new DesktopService({
    settings: memoryAppSettingsStore(defaultAppSettings),
    ...adapters.desktop,
    copyEntryCode,
  })

  const handlers: ChannelHandlers = {
    getVaultStatus: async () => (await opened()).status(),
    retryVault: () => vault.open(),
    listEntries: async () => (await opened()).list(),
    addEntryFromUri: async ({ uri }) => addEntryFromLink(await opened(), uri),
    // Decoded before anything is stored: a bad secret fails with field 'secret', nothing kept.
    addEntry: async (input) => addEntryFromForm(await opened(), input),
    updateEntry: async (edit) => (await opened()).update(edit),
    deleteEntry: async ({ id }) => {
      await (await opened()).remove(id)
      return null
    },
    moveEntry: async ({ id, toIndex }) => (await opened()).move(id, toIndex),
    importFromFile: () => transfer.importFromFile(),
    importFromClipboard: () => transfer.importFromClipboard(),
    importFromScreen: () => transfer.importFromScreen(),
    unlockImportFile: (args) => transfer.unlockFile(args),
    confirmImport: (args) => transfer.confirmImport(args),
    cancelImport: (args) => transfer.cancelImport(args),
    exportEncryptedBackup: (args) => transfer.exportEncryptedBackup(args),
    // The channel's schema admits only acknowledgedPlainTextRisk: true.
    exportPlainList: (args) => transfer.exportPlainList(args),
    getCodes: async ({ ids, first }) => {
      const vault = await opened()
      if (first === undefined) return codes.codes(ids)
      // The first screen's rows, asked for before the window has the list.
      return codes.codes(
        vault
          .list()
          .slice(0, first)
          .map((entry) => entry.id),
      )
    },
    nextHotpCode: async ({ id }) => {
      await opened()
      return codes.nextHotp(id)
    },
    copyCode: ({ id }) => copyEntryCode(id),
    getVaultRevision: async () => ({ revision: await (await opened()).reloadIfChanged() }),
    takePendingLinks: () => pendingLinks.take(),
    confirmPendingLink: async ({ id }) => {
      const vault = await opened()
      return pendingLinks.confirm(id, (link) => addEntryFromLink(vault, link))
    },
    dismissPendingLink: ({ id }) => {
      pendingLinks.dismiss(id)
      return null
    },
    ...createMagHandlers(mag),
    ...createDesktopHandlers(desktop),
    getLockState: () => lock.state(),
    lock: () => lock.lock(),
    unlock: ({ password }) => lock.unlock(password),
    setVaultPassword: (args) => lock.setPassword(args),
    removeVaultPassword: (args) => lock.removePassword(args),
  }

  return {
    vault,
    codes,
    clipboard,
    copyEntryCode,
    transfer,
    pendingLinks,
    mag,
    desktop,
    lock,
    handlers,
    // While a vault password holds the vault locked, only channels naming no account and
    // computing no code answer (lock/lock-service.ts).
    dispatch: lock.guard(createDispatcher(handlers, adapters.logger)),
  }
}
