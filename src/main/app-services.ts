import type { ChannelHandlers } from '../shared/channels'
import type { VaultStatus } from '../shared/vault-status'
import { createDispatcher, type Dispatch, type DispatchLogger } from './ipc/dispatcher'
import { CodeService, decodeBase32Secret, parseOtpauthUri } from './otp'
import { ClipboardService, type TextClipboard, type Timers } from './shell/clipboard-service'
import {
  VaultService,
  type DataFile,
  type KeychainAdapter,
  type VaultServiceOptions,
} from './vault'

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
}

export type AppServices = {
  vault: AppVault
  codes: CodeService
  clipboard: ClipboardService
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

  const opened = async (): Promise<VaultService> => {
    await vault.ready()
    return vault
  }

  const handlers: ChannelHandlers = {
    getVaultStatus: async () => (await opened()).status(),
    retryVault: () => vault.open(),
    listEntries: async () => (await opened()).list(),
    addEntryFromUri: async ({ uri }) => {
      const entry = parseOtpauthUri(uri)
      return (await opened()).add({ ...entry, secret: new Uint8Array(entry.secret) })
    },
    addEntry: async (input) => {
      // Decoded before anything is stored: a bad secret fails with field 'secret', nothing kept.
      const secret = new Uint8Array(decodeBase32Secret(input.secret))
      return (await opened()).add({
        type: input.type,
        issuer: input.issuer,
        label: input.label,
        secret,
        algorithm: input.algorithm,
        digits: input.digits,
        period: input.period,
        counter: input.counter,
        ...(input.group ? { group: input.group } : {}),
      })
    },
    updateEntry: async (edit) => (await opened()).update(edit),
    deleteEntry: async ({ id }) => {
      await (await opened()).remove(id)
      return null
    },
    moveEntry: async ({ id, toIndex }) => (await opened()).move(id, toIndex),
    getCodes: async ({ ids }) => {
      await opened()
      return codes.codes(ids)
    },
    nextHotpCode: async ({ id }) => {
      await opened()
      return codes.nextHotp(id)
    },
    copyCode: ({ code }) => clipboard.copy(code),
  }

  return {
    vault,
    codes,
    clipboard,
    handlers,
    dispatch: createDispatcher(handlers, adapters.logger),
  }
}
