/**
 * The quick-search window and its global shortcut: Electron's part of quick search (the
 * page is src/renderer/quick-search.html; the copy and the settings are DesktopService's).
 *
 * Decisions:
 * - Kept warm: made hidden once the main window is ready, so the shortcut only shows and
 *   focuses a page that is already painted. While hidden it runs nothing (no timers; the
 *   page asks main for the list when it shows or gains focus, as the main window does).
 * - Blur hides it: it is a popup for one quick action. Left on top of other windows after
 *   the user turned to something else, it would cover their work and keep a list of
 *   accounts in view of anyone passing by; the shortcut brings it back in an instant.
 * - Closed for real (Alt+F4), it is made again on the next shortcut.
 * - The shortcut is registered once at a time: a new accelerator replaces the old one. A
 *   refusal (another program holds the keys: register answers false; keys Electron does not
 *   know: it throws) becomes a sentence the window and tray can show, never a crash. It is
 *   said in the UI language (main's i18n) at the time of the registration; a language
 *   switch registers again to say it in the new one (start-app.ts).
 */
import type { Translate } from '../i18n/main-i18n'
import type { QuickSearchWindowOptions } from '../shell/window-options'

export type QuickSearchWindowLike = {
  webContents: { id: number }
  isDestroyed(): boolean
  show(): void
  hide(): void
  focus(): void
  on(event: 'blur', listener: () => void): unknown
  on(event: 'closed', listener: () => void): unknown
  loadURL(url: string): Promise<void>
  destroy(): void
}

export type GlobalShortcutLike = {
  register(accelerator: string, callback: () => void): boolean
  unregister(accelerator: string): void
}

export type QuickSearchElectronParts = {
  BrowserWindow: new (options: QuickSearchWindowOptions) => QuickSearchWindowLike
  globalShortcut: GlobalShortcutLike
}

export type QuickSearchWindowInput = {
  electron: QuickSearchElectronParts
  options: QuickSearchWindowOptions
  /** app://renderer/quick-search.html, or the dev server's. */
  url: string
  /** The app's own webContents ids: IPC from this window is trusted while it lives. */
  trustedIds: Set<number>
  /** Main's messages in the UI language (the shortcut's problem is shown to the user). */
  t: Translate
}

export class QuickSearchWindow {
  private window: QuickSearchWindowLike | undefined
  private registered: string | undefined

  constructor(private readonly input: QuickSearchWindowInput) {}

  /** Makes the hidden window, once (start-up, after the main window is ready). */
  warm(): void {
    if (this.window && !this.window.isDestroyed()) return
    const created = new this.input.electron.BrowserWindow(this.input.options)
    const id = created.webContents.id
    this.input.trustedIds.add(id)
    created.on('blur', () => created.hide())
    created.on('closed', () => {
      this.input.trustedIds.delete(id)
      if (this.window === created) this.window = undefined
    })
    void created.loadURL(this.input.url)
    this.window = created
  }

  /** The shortcut's action: show and focus (focus makes the page ask for the list). */
  show(): void {
    this.warm()
    this.window?.show()
    this.window?.focus()
  }

  hide(): void {
    if (this.window && !this.window.isDestroyed()) this.window.hide()
  }

  /** Registers `accelerator` in place of the previous one; answers the problem, or null. */
  registerShortcut(accelerator: string): string | null {
    const { globalShortcut } = this.input.electron
    if (this.registered !== undefined) globalShortcut.unregister(this.registered)
    this.registered = undefined
    try {
      if (globalShortcut.register(accelerator, () => this.show())) {
        this.registered = accelerator
        return null
      }
      return this.input.t('tray.shortcut.taken', { accelerator })
    } catch {
      return this.input.t('tray.shortcut.refused', { accelerator })
    }
  }

  /** Gone for good (the main window closed with no tray): nothing keeps the app alive. */
  destroy(): void {
    if (this.window && !this.window.isDestroyed()) this.window.destroy()
    this.window = undefined
  }

  /** At quit: the desktop's shortcut is given back. */
  unregisterShortcut(): void {
    if (this.registered !== undefined)
      this.input.electron.globalShortcut.unregister(this.registered)
    this.registered = undefined
  }
}

/** The quick-search page next to the main page (production app:// or the dev server). */
export function quickSearchUrl(rendererUrl: string): string {
  return new URL('quick-search.html', rendererUrl).href
}

/** Electron sets login items on macOS and Windows only. */
export function supportsLoginItems(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32'
}

/** The launch asked to start in the tray (a login item's `--hidden`). */
export const HIDDEN_ARG = '--hidden'
