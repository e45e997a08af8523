/**
 * The desktop settings (quick-search shortcut, start at login, start hidden) and the quick
 * search's two actions, over the app settings file and the OS parts the Electron wiring
 * gives it (src/main/electron/quick-search-window.ts). Plain Node: the e2e harness runs it
 * with no shortcut and no login items, as a desktop without them would.
 *
 * Decisions:
 * - The shortcut is saved even when the desktop refuses it: the user's choice is kept, and
 *   the refusal is the quick-search problem, shown next to it, until a shortcut works.
 * - Start at login is saved whatever the platform; it is applied only where Electron can set
 *   login items (macOS, Windows), and the window says when it cannot.
 */
import { AppError } from '../../shared/errors'
import {
  desktopSettingsPatchSchema,
  type DesktopSettings,
  type DesktopSettingsPatch,
} from '../../shared/desktop-settings'
import { resolveUiLanguage, type UiLanguage } from '../../shared/i18n/languages'
import type { AppSettings } from '../settings/app-settings'
import type { AppSettingsStore } from '../settings/app-settings-store'
import type { CopyEntryCode } from '../shell/copy-entry-code'

/** What the Electron wiring does for the desktop settings; each part absent where it cannot. */
export type DesktopOsAdapters = {
  /**
   * Registers this accelerator as the quick-search shortcut (dropping the previous one) and
   * answers why it does not work, or null when it does.
   */
  registerShortcut?: (accelerator: string) => string | null
  /** Sets the OS login item; absent where the platform has none Electron can set. */
  setOpenAtLogin?: (openAtLogin: boolean) => void
  /** Hides the quick-search window (Enter after a copy, Escape). */
  hideQuickSearch?: () => void
  /** Shows the main window (made anew if it was closed) and brings it forward. */
  showMainWindow?: () => void
  /**
   * The OS's preferred languages, most preferred first (app.getPreferredSystemLanguages());
   * absent: the process's LANG, as a desktop without the call would have it.
   */
  systemLanguages?: () => readonly string[]
}

export type DesktopServiceOptions = DesktopOsAdapters & {
  settings: AppSettingsStore
  copyEntryCode: CopyEntryCode
}

export type SettingsChangeListener = (after: AppSettings, before: AppSettings) => void

export class DesktopService {
  private problem: string | null = null
  private readonly listeners = new Set<SettingsChangeListener>()

  constructor(private readonly options: DesktopServiceOptions) {}

  /** At start: the saved shortcut registered, the login item set to the saved choice. */
  async start(): Promise<void> {
    const settings = await this.options.settings.read()
    this.applyShortcut(settings.quickSearchShortcut)
    this.options.setOpenAtLogin?.(settings.startAtLogin)
  }

  /**
   * Told after every saved change, with the settings before and after (the tray follows the
   * language, the idle lock its minutes). Returns unsubscribe.
   */
  subscribe(listener: SettingsChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Why the shortcut does not open quick search (the window and the tray can show it). */
  quickSearchProblem(): string | null {
    return this.problem
  }

  async get(): Promise<DesktopSettings> {
    return this.view(await this.options.settings.read())
  }

  async set(patch: DesktopSettingsPatch): Promise<DesktopSettings> {
    const checked = desktopSettingsPatchSchema.safeParse(patch)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new AppError(
        'invalid-argument',
        issue?.message ?? 'Those settings are not valid.',
        typeof issue?.path[0] === 'string' ? issue.path[0] : undefined,
      )
    }
    const before = await this.options.settings.read()
    const after = await this.options.settings.update(checked.data)
    if (after.quickSearchShortcut !== before.quickSearchShortcut) {
      this.applyShortcut(after.quickSearchShortcut)
    }
    if (after.startAtLogin !== before.startAtLogin) {
      this.options.setOpenAtLogin?.(after.startAtLogin)
    }
    for (const listener of this.listeners) listener(after, before)
    return this.view(after)
  }

  /** Enter in quick search: the one copy path, then the window goes away. */
  async copyFromQuickSearch(entryId: string): Promise<{ code: string; clearAfterMs: number }> {
    const copied = await this.options.copyEntryCode(entryId)
    this.options.hideQuickSearch?.()
    return copied
  }

  hideQuickSearch(): void {
    this.options.hideQuickSearch?.()
  }

  /** Unlock… in quick search: the main window, where the lock screen is, takes over. */
  openMainWindowFromQuickSearch(): void {
    this.options.hideQuickSearch?.()
    this.options.showMainWindow?.()
  }

  private applyShortcut(accelerator: string): void {
    this.problem = this.options.registerShortcut ? this.options.registerShortcut(accelerator) : null
  }

  private view(settings: AppSettings): DesktopSettings {
    return {
      quickSearchShortcut: settings.quickSearchShortcut,
      quickSearchProblem: this.problem,
      startAtLogin: settings.startAtLogin,
      startAtLoginSupported: this.options.setOpenAtLogin !== undefined,
      startHidden: settings.startHidden,
      language: settings.language,
      uiLanguage: this.uiLanguage(settings),
      lockAfterIdleMinutes: settings.lockAfterIdleMinutes,
    }
  }

  /** The language the UI speaks with these settings on this desktop (tray and window). */
  uiLanguage(settings: AppSettings): UiLanguage {
    return resolveUiLanguage(settings.language, this.systemLanguages())
  }

  private systemLanguages(): readonly string[] {
    if (this.options.systemLanguages) return this.options.systemLanguages()
    // LANG=de_DE.UTF-8 → de-DE; C and POSIX name no language.
    const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || ''
    const tag = lang.split('.')[0]?.replace('_', '-') ?? ''
    return tag && tag !== 'C' && tag !== 'POSIX' ? [tag] : []
  }
}

/** The desktop channels' handlers (merged into the app's map like the MAG feature's). */
export function createDesktopHandlers(desktop: DesktopService) {
  return {
    getDesktopSettings: () => desktop.get(),
    setDesktopSettings: (patch: DesktopSettingsPatch) => desktop.set(patch),
    quickSearchCopy: ({ id }: { id: string }) => desktop.copyFromQuickSearch(id),
    quickSearchHide: () => {
      desktop.hideQuickSearch()
      return null
    },
    quickSearchOpenMainWindow: () => {
      desktop.openMainWindowFromQuickSearch()
      return null
    },
  }
}

/**
 * Settings kept in memory, for services made without a settings file (unit tests, tools):
 * the defaults, and whatever is changed during the run.
 */
export function memoryAppSettingsStore(initial: AppSettings): AppSettingsStore {
  let current = { ...initial }
  return {
    read: async () => ({ ...current }),
    update: async (patch) => {
      current = { ...current, ...patch }
      return { ...current }
    },
  }
}
