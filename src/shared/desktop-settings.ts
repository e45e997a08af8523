import { z } from 'zod'

/**
 * The desktop settings the window reads and changes: the quick-search shortcut, start at login
 * and start hidden in the tray. One definition for the settings file (src/main/settings) and
 * the channels, so what the window may send is exactly what the file may hold.
 */

/** What a new install uses: Ctrl+Alt+O (Cmd+Alt+O on macOS). */
export const defaultQuickSearchShortcut = 'CommandOrControl+Alt+O'

/**
 * An Electron accelerator as the user may type it: keys joined by `+`, each a word, a digit,
 * a function key or one printable symbol ("CommandOrControl+Alt+O", "Alt+Shift+F5",
 * "Control+`"). Whether the desktop accepts it is only known when it is registered
 * (globalShortcut.register answers false, or throws on a key it does not know); that answer
 * becomes the quick-search problem, never a crash.
 */
export const acceleratorSchema = z
  .string()
  .trim()
  .min(1, 'Type a shortcut, such as CommandOrControl+Alt+O')
  .max(100, 'A shortcut is at most 100 characters')
  .regex(
    /^(?:[A-Za-z0-9]+\+)+(?:[A-Za-z0-9]+|[^\sA-Za-z0-9+])$|^F[0-9]{1,2}$/,
    'Write the keys joined by +, such as CommandOrControl+Alt+O',
  )

export const desktopSettingsSchema = z.object({
  quickSearchShortcut: z.string(),
  /**
   * Why the shortcut does not open quick search (another program holds it, or the desktop
   * refused the keys); null while it works.
   */
  quickSearchProblem: z.string().max(500).nullable(),
  startAtLogin: z.boolean(),
  /** False where the platform has no login items Electron can set (Linux). */
  startAtLoginSupported: z.boolean(),
  startHidden: z.boolean(),
})
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>

export const desktopSettingsPatchSchema = z
  .object({
    quickSearchShortcut: acceleratorSchema,
    startAtLogin: z.boolean(),
    startHidden: z.boolean(),
  })
  .partial()
  .strict()
export type DesktopSettingsPatch = z.infer<typeof desktopSettingsPatchSchema>
