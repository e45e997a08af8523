import { z } from 'zod'
import {
  entryEditSchema,
  entryIdSchema,
  entrySummarySchema,
  hotpCodeSchema,
  newEntryInputSchema,
  totpCodeSchema,
} from './entry'
import { channelNames, ipcChannel, type ChannelName } from './channel-names'
import { desktopChannels } from './desktop-channels'
import type { Envelope } from './errors'
import { lockChannels } from './lock-channels'
import { magChannels } from './mag-channels'
import { pendingLinkIdSchema, pendingLinkSchema } from './pending-link'
import {
  exportResultSchema,
  importPasswordSchema,
  importStepSchema,
  lockedFileIdSchema,
  previewIdSchema,
} from './transfer'
import { vaultStatusSchema } from './vault-status'

/**
 * The one map of every renderer → main call. The preload bridge, the main-process
 * registration wrapper and the e2e harness are all generated from it, so a channel
 * cannot exist on one side only, and every argument and result is validated.
 */
export const channels = {
  getVaultStatus: { args: z.undefined(), result: vaultStatusSchema },
  /** Try the keychain again after the user unlocked or installed one. */
  retryVault: { args: z.undefined(), result: vaultStatusSchema },
  listEntries: { args: z.undefined(), result: z.array(entrySummarySchema) },
  addEntryFromUri: { args: z.object({ uri: z.string().max(4096) }), result: entrySummarySchema },
  addEntry: { args: newEntryInputSchema, result: entrySummarySchema },
  updateEntry: { args: entryEditSchema, result: entrySummarySchema },
  deleteEntry: { args: z.object({ id: entryIdSchema }), result: z.null() },
  /** Drag and keyboard reordering both become "put this entry at that index". */
  moveEntry: {
    args: z.object({ id: entryIdSchema, toIndex: z.number().int().min(0) }),
    result: z.array(entrySummarySchema),
  },
  /**
   * Import: main asks for the file (or reads the clipboard image, or captures the screen),
   * reads it and holds the accounts; the renderer gets a preview without secrets, or is told
   * the file needs its password. Confirm adds the new accounts all or nothing.
   */
  importFromFile: { args: z.undefined(), result: importStepSchema },
  importFromClipboard: { args: z.undefined(), result: importStepSchema },
  importFromScreen: { args: z.undefined(), result: importStepSchema },
  unlockImportFile: {
    args: z.object({ lockedFileId: lockedFileIdSchema, password: importPasswordSchema }),
    result: importStepSchema,
  },
  confirmImport: {
    args: z.object({ previewId: previewIdSchema }),
    result: z.object({ added: z.array(entrySummarySchema) }),
  },
  /** Drops a preview or a locked file; the id is either. */
  cancelImport: { args: z.object({ id: previewIdSchema }), result: z.null() },
  /** Aegis encrypted vault format; the window asked for the password twice. Main asks where. */
  exportEncryptedBackup: {
    args: z.object({ password: importPasswordSchema }),
    result: exportResultSchema,
  },
  /** Every secret in clear: only after the window's warning was acknowledged. */
  exportPlainList: {
    args: z.object({ acknowledgedPlainTextRisk: z.literal(true) }),
    result: exportResultSchema,
  },
  /**
   * Current and next TOTP codes; all TOTP entries when `ids` is omitted. `unreadable` lists
   * the entries that have no code, so their rows can say why instead of looking as if it
   * were still loading; `tampered` says which of them failed their authenticity check (their
   * details or secret were changed outside the app: @mag/vault's entry-binding.ts).
   * `first`: those among the first `first` entries of the list instead, so a starting window
   * can ask for its first screen's codes together with the list, not after it.
   */
  getCodes: {
    args: z
      .object({
        ids: z.array(entryIdSchema).max(5000).optional(),
        first: z.number().int().min(1).max(5000).optional(),
      })
      .refine((args) => args.ids === undefined || args.first === undefined, {
        message: 'Ask for ids or for the first entries, not both',
        path: ['first'],
      }),
    result: z.object({
      now: z.number(),
      codes: z.array(totpCodeSchema),
      unreadable: z.array(entryIdSchema),
      tampered: z.array(entryIdSchema),
    }),
  },
  /** HOTP: persists counter + 1 before returning the code for `counter`. */
  nextHotpCode: { args: z.object({ id: entryIdSchema }), result: hotpCodeSchema },
  /**
   * Copies an entry's code, which main computes itself (the current TOTP code, or the HOTP
   * code last generated): the window names the entry and never sends digits, so only a code
   * the app produced for one of its entries reaches the clipboard. Strict, so an old-style
   * call carrying digits is refused rather than silently ignored. Answers what was copied,
   * and when the clipboard will be cleared if it still holds it.
   */
  copyCode: {
    args: z.strictObject({ id: entryIdSchema }),
    result: z.object({ code: totpCodeSchema.shape.code, clearAfterMs: z.number().int() }),
  },
  /**
   * The data file's revision, after main re-read it if another process (the command line)
   * changed it: the window asks when it gains focus or shows, and lists again when it moved.
   */
  getVaultRevision: {
    args: z.undefined(),
    result: z.object({ revision: z.string().max(200).nullable() }),
  },
  /** otpauth links clicked on the desktop since the last call: names only, never the link. */
  takePendingLinks: { args: z.undefined(), result: z.array(pendingLinkSchema).max(50) },
  /** Adds a taken link's account (the link itself never left main). */
  confirmPendingLink: { args: z.object({ id: pendingLinkIdSchema }), result: entrySummarySchema },
  dismissPendingLink: { args: z.object({ id: pendingLinkIdSchema }), result: z.null() },
  ...magChannels,
  ...desktopChannels,
  ...lockChannels,
} as const satisfies Record<ChannelName, { args: z.ZodType; result: z.ZodType }>

// The map and the name list must agree both ways: `satisfies` catches a missing or unknown
// key in the map; this catches a name listed twice or a map key the list lacks.
type ExactlyTheNames = Exclude<keyof typeof channels, ChannelName> extends never ? true : never
const _mapHasExactlyTheNames: ExactlyTheNames = true
void _mapHasExactlyTheNames

export { channelNames, ipcChannel, type ChannelName }
export type Channels = typeof channels
export type ChannelArgs<C extends ChannelName> = z.input<Channels[C]['args']>
export type ChannelParsedArgs<C extends ChannelName> = z.output<Channels[C]['args']>
export type ChannelResult<C extends ChannelName> = z.output<Channels[C]['result']>

/** A handler for every channel, taking parsed arguments. Main implements this. */
export type ChannelHandlers = {
  [C in ChannelName]: (args: ChannelParsedArgs<C>) => Promise<ChannelResult<C>> | ChannelResult<C>
}

/**
 * The object the preload exposes as `window.magAuth`. Each method answers an envelope,
 * not a thrown Error, because contextBridge copies only an Error's message across
 * worlds; the renderer's client turns failed envelopes back into AppError.
 */
export type MagAuthBridge = {
  [C in ChannelName]: ChannelArgs<C> extends undefined
    ? () => Promise<Envelope<ChannelResult<C>>>
    : (args: ChannelArgs<C>) => Promise<Envelope<ChannelResult<C>>>
}

/** What renderer code calls: the same methods, resolving to results, rejecting with AppError. */
export type MagAuthApi = {
  [C in ChannelName]: ChannelArgs<C> extends undefined
    ? () => Promise<ChannelResult<C>>
    : (args: ChannelArgs<C>) => Promise<ChannelResult<C>>
}
