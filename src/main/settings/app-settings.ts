/**
 * The app's own settings (not the vault): what Settings shows and the main process reads at
 * start-up. Nothing secret ever goes here.
 *
 * Grows by adding fields, each with a default (issue 9 adds the global shortcut, language
 * and start at login): a file written before a field existed still reads, with that field at
 * its default, so adding one needs no migration. Changing the meaning or shape of a field
 * does: bump `appSettingsFileVersion` and migrate in app-settings-store.ts.
 */
import { z } from 'zod'
import {
  acceleratorSchema,
  defaultLockAfterIdleMinutes,
  defaultQuickSearchShortcut,
  lockAfterIdleMinutesSchema,
} from '../../shared/desktop-settings'
import { languageSettings } from '../../shared/i18n/languages'
import { parseMagServiceUrl } from './mag-service-url'

export const appSettingsFileVersion = 1

/** A stored address must already be in the normalised form parseMagServiceUrl answers. */
const storedMagServiceUrl = z.string().superRefine((value, context) => {
  const parsed = parseMagServiceUrl(value)
  if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message })
  else if (parsed.url !== value) {
    context.addIssue({ code: 'custom', message: 'the address is not in its normal form' })
  }
})

const appSettingsFields = {
  /** The MAG service's base URL; null: none configured (development starts its own). */
  magServiceUrl: storedMagServiceUrl.nullable(),
  /** The global shortcut that opens quick search (an Electron accelerator). */
  quickSearchShortcut: acceleratorSchema,
  /** Start with the desktop session (where the platform has login items); off by default. */
  startAtLogin: z.boolean(),
  /** Start in the tray without showing the window (as a launch with --hidden does). */
  startHidden: z.boolean(),
  /** The UI language, or 'system' to follow the OS. */
  language: z.enum(languageSettings),
  /** With a vault password: idle minutes before it locks (0: never on idle). */
  lockAfterIdleMinutes: lockAfterIdleMinutesSchema,
}

export const appSettingsSchema = z.object({
  magServiceUrl: appSettingsFields.magServiceUrl.default(null),
  quickSearchShortcut: appSettingsFields.quickSearchShortcut.default(defaultQuickSearchShortcut),
  startAtLogin: appSettingsFields.startAtLogin.default(false),
  startHidden: appSettingsFields.startHidden.default(false),
  language: appSettingsFields.language.default('system'),
  lockAfterIdleMinutes: appSettingsFields.lockAfterIdleMinutes.default(defaultLockAfterIdleMinutes),
})
export type AppSettings = z.infer<typeof appSettingsSchema>

export const defaultAppSettings: AppSettings = appSettingsSchema.parse({})

/** What update() takes: any subset of the fields, each checked as the file's are. */
export const appSettingsPatchSchema = z.object(appSettingsFields).partial().strict()
export type AppSettingsPatch = Partial<AppSettings>
