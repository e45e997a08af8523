import type { ChannelHandlers } from '../shared/channels'
import type { VaultStatus } from '../shared/vault-status'
import { createDispatcher, type Dispatch, type DispatchLogger } from './ipc/dispatcher'
import { createUnconfiguredMagHandlers } from './mag/mag-handlers'
import { PendingLinks } from './pending-links'
import { ClipboardService, type TextClipboard, type Timers } from './shell/clipboard-service'
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
  transfer: TransferService
  /** otpauth links clicked on the desktop; a launch's argv goes to its receiveArgv. */
  pendingLinks: PendingLinks
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

  const transfer = new TransferService({
    ...nodeFileAdapters,
    ...(adapters.transfer ?? noTransferOsAdapters),
    vault: opened,
    now: adapters.now ?? Date.now,
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
    getCodes: async ({ ids }) => {
      await opened()
      return codes.codes(ids)
    },
    nextHotpCode: async ({ id }) => {
      await opened()
      return codes.nextHotp(id)
    },
    copyCode: ({ code }) => clipboard.copy(code),
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
    ...createUnconfiguredMagHandlers(),
  }

  return {
    vault,
    codes,
    clipboard,
    transfer,
    pendingLinks,
    handlers,
    dispatch: createDispatcher(handlers, adapters.logger),
  }
}
