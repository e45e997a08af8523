import { z } from 'zod'
import { languageSettings, uiLanguages } from './i18n/languages'

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

/** Idle minutes before the vault locks (0: never); at most a day. */
export const lockAfterIdleMinutesSchema = z
  .number()
  .int('Idle minutes are a whole number')
  .min(0, 'Idle minutes cannot be negative')
  .max(1440, 'Idle minutes are at most 1440 (a day)')

/** What a new install uses: lock after 5 idle minutes, once a password is set. */
export const defaultLockAfterIdleMinutes = 5

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
  /** The user's choice: a language, or 'system' (follow the OS's preferred languages). */
  language: z.enum(languageSettings),
  /** The language the UI speaks now: the choice resolved against the OS's (main decides). */
  uiLanguage: z.enum(uiLanguages),
  /**
   * With a vault password set: lock after this many minutes without keyboard or mouse input
   * anywhere on the desktop; 0 never locks on idle (screen lock, suspend and Lock now still do).
   */
  lockAfterIdleMinutes: lockAfterIdleMinutesSchema,
})
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>

export const desktopSettingsPatchSchema = z
  .object({
    quickSearchShortcut: acceleratorSchema,
    startAtLogin: z.boolean(),
    startHidden: z.boolean(),
    language: z.enum(languageSettings),
    lockAfterIdleMinutes: lockAfterIdleMinutesSchema,
  })
  .partial()
  .strict()
export type DesktopSettingsPatch = z.infer<typeof desktopSettingsPatchSchema>
