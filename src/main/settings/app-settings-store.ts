/**
 * The app settings in `settings.json` in the app's userData directory.
 *
 * - Written 0600 and atomically through the app's one private writer (temp file, fsync,
 *   rename), one update at a time, so two overlapping saves never leave the older last.
 * - A file the app cannot understand (not JSON, another version, a value the schema refuses)
 *   is moved aside as `settings.json.corrupt-<time>` the vault's way, never overwritten, and
 *   the defaults are used; the notice says where it went. If it cannot even be moved, the
 *   store keeps the defaults and refuses to write, so the file is still never overwritten.
 * - A file that cannot be read (permissions) is left alone: defaults, and a notice.
 * Start-up never fails because of this file.
 */
import { readFile } from 'node:fs/promises'
import { fieldErrorsOf, describeFieldError } from '@mag/mag-contract'
import { moveFileAside } from '@mag/vault'
import { z } from 'zod'
import { writePrivateFileAtomically } from '../transfer/private-file'
import {
  appSettingsFileVersion,
  appSettingsPatchSchema,
  appSettingsSchema,
  defaultAppSettings,
  type AppSettings,
  type AppSettingsPatch,
} from './app-settings'

export const appSettingsFileName = 'settings.json'

export interface AppSettingsStore {
  read(): Promise<AppSettings>
  /** Checks the patch, saves, and answers the settings now in force. */
  update(patch: AppSettingsPatch): Promise<AppSettings>
}

export type AppSettingsNotice =
  | { kind: 'settings-file-moved-aside'; path: string; movedTo: string; reason: string }
  | { kind: 'settings-file-unreadable'; path: string; reason: string }

export class AppSettingsError extends Error {
  readonly field: string | undefined
  constructor(message: string, field?: string) {
    super(message)
    this.name = 'AppSettingsError'
    this.field = field
  }
}

const settingsFileSchema = appSettingsSchema.extend({
  version: z.literal(appSettingsFileVersion),
})

export interface FileAppSettingsStoreOptions {
  path: string
  /** Told once about a file moved aside or unreadable (the window shows it). */
  onNotice?: (notice: AppSettingsNotice) => void
}

export type FileAppSettingsStore = AppSettingsStore & {
  /** What happened to the file at load, for a caller that asks later. */
  notices(): readonly AppSettingsNotice[]
}

export function createFileAppSettingsStore(
  options: FileAppSettingsStoreOptions,
): FileAppSettingsStore {
  const { path } = options
  const notices: AppSettingsNotice[] = []
  let writable = true
  let loaded: Promise<AppSettings> | undefined
  let queue: Promise<unknown> = Promise.resolve()

  const notify = (notice: AppSettingsNotice) => {
    notices.push(notice)
    options.onNotice?.(notice)
  }

  async function load(): Promise<AppSettings> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultAppSettings
      writable = false
      notify({ kind: 'settings-file-unreadable', path, reason: describeError(error) })
      return defaultAppSettings
    }
    const problem = problemWith(text)
    if (problem.ok) return problem.settings
    try {
      const movedTo = await moveFileAside(path, problem.reason)
      notify({ kind: 'settings-file-moved-aside', path, movedTo, reason: problem.reason })
    } catch (error) {
      writable = false
      notify({ kind: 'settings-file-unreadable', path, reason: describeError(error) })
    }
    return defaultAppSettings
  }

  // Copies out, so a caller that changes what it got cannot change what is in force.
  const read = async () => ({ ...(await (loaded ??= load())) })

  return {
    read,
    notices: () => [...notices],
    update: (patch) => {
      const checked = appSettingsPatchSchema.safeParse(patch)
      if (!checked.success) {
        const first = fieldErrorsOf(checked.error)[0]
        return Promise.reject(
          new AppSettingsError(
            first ? describeFieldError(first) : 'invalid settings',
            first?.field || undefined,
          ),
        )
      }
      const next = queue.then(async () => {
        const current = await read()
        if (!writable) {
          throw new AppSettingsError(
            `Settings cannot be saved: ${path} could not be read or moved aside, and is never overwritten.`,
          )
        }
        const settings: AppSettings = { ...current, ...checked.data }
        const file = { version: appSettingsFileVersion, ...settings }
        await writePrivateFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`)
        loaded = Promise.resolve(settings)
        return settings
      })
      queue = next.catch(() => undefined)
      return next
    },
  }
}

function problemWith(
  text: string,
): { ok: true; settings: AppSettings } | { ok: false; reason: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not valid JSON' }
  }
  const version = (json as { version?: unknown } | null)?.version
  if (typeof json !== 'object' || json === null || version !== appSettingsFileVersion) {
    return {
      ok: false,
      reason:
        typeof version === 'number'
          ? `settings version ${version}, this app reads version ${appSettingsFileVersion}`
          : 'not a settings file this app wrote',
    }
  }
  const parsed = settingsFileSchema.safeParse(json)
  if (parsed.success) {
    return { ok: true, settings: appSettingsSchema.parse(parsed.data) }
  }
  const first = fieldErrorsOf(parsed.error)[0]
  return { ok: false, reason: first ? describeFieldError(first) : 'invalid settings' }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
