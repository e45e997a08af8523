import type { Envelope } from './errors'
import { desktopChannelNames } from './desktop-channel-names'
import { lockChannelNames } from './lock-channel-names'
import { magChannelNames } from './mag-channel-names'

/**
 * The channel names alone, without their schemas. The preload needs only these to build
 * `window.magAuth`, so it ships no validator (validation happens in main, where the
 * trust boundary is). src/shared/channels.ts checks at compile time that its map has
 * exactly these keys.
 */
export const channelNames = [
  'getVaultStatus',
  'retryVault',
  'listEntries',
  'addEntryFromUri',
  'addEntry',
  'updateEntry',
  'deleteEntry',
  'moveEntry',
  'importFromFile',
  'importFromClipboard',
  'importFromScreen',
  'unlockImportFile',
  'confirmImport',
  'cancelImport',
  'exportEncryptedBackup',
  'exportPlainList',
  'getCodes',
  'nextHotpCode',
  'copyCode',
  'getVaultRevision',
  'takePendingLinks',
  'confirmPendingLink',
  'dismissPendingLink',
  ...magChannelNames,
  ...desktopChannelNames,
  ...lockChannelNames,
] as const

export type ChannelName = (typeof channelNames)[number]

/** The wire name of a channel; one prefix so main can refuse anything else. */
export const ipcChannel = (name: ChannelName): string => `mag:${name}`

/** Sends one call over whatever transport: ipcRenderer.invoke in the preload, a test binding in e2e. */
export type Invoke = (channel: ChannelName, args: unknown) => Promise<Envelope<unknown>>
