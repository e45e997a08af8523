import { z } from 'zod'
import { entryIdSchema, totpCodeSchema } from './entry'
import type { DesktopChannelName } from './desktop-channel-names'
import { desktopSettingsPatchSchema, desktopSettingsSchema } from './desktop-settings'

/** The desktop feature's part of the channel map (merged by src/shared/channels.ts). */
export const desktopChannels = {
  getDesktopSettings: { args: z.undefined(), result: desktopSettingsSchema },
  /** Saves what changed; a new shortcut is registered at once and its problem answered. */
  setDesktopSettings: { args: desktopSettingsPatchSchema, result: desktopSettingsSchema },
  /**
   * Enter in quick search: copies the entry's code the one way every copy goes (main computes
   * it; same clipboard rules as the main window), then hides the quick-search window.
   */
  quickSearchCopy: {
    args: z.strictObject({ id: entryIdSchema }),
    result: z.object({ code: totpCodeSchema.shape.code, clearAfterMs: z.number().int() }),
  },
  /** Escape in quick search. */
  quickSearchHide: { args: z.undefined(), result: z.null() },
  /**
   * Unlock… in quick search while the vault is locked: hides quick search and brings the main
   * window forward, where the lock screen asks for the password (quick search never does: a
   * password typed into a window a shortcut pops up over other programs is too easy to misdirect).
   */
  quickSearchOpenMainWindow: { args: z.undefined(), result: z.null() },
} as const satisfies Record<DesktopChannelName, { args: z.ZodType; result: z.ZodType }>
