import { sensitiveClipboardFormats, type ClipboardFormats } from './sensitive-clipboard'

export type { ClipboardFormats }

/**
 * The clipboard as the service needs it. Electron 45's `clipboard` is promise-based; older
 * and test clipboards answer synchronously. Both fit.
 */
export type TextClipboard = {
  /**
   * Puts `text` on the clipboard, with `formats` (raw platform formats by their OS names)
   * in the SAME write when given: a clipboard manager then sees one change carrying both,
   * so it reads the "do not record" mark with the code, never the code alone first. The
   * app's Electron adapter (electron/clipboard-adapter.ts) writes them; a test clipboard
   * may ignore them. Clearing passes '' without formats.
   */
  writeText(text: string, formats?: ClipboardFormats): void | Promise<void>
  readText(): string | Promise<string>
}

/** Timer functions, injectable so tests can drive the 30 s with a fake clock. */
export type Timers = {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const clipboardClearAfterMs = 30_000

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // A pending clear must not keep a Node process (CLI, test harness) alive.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/**
 * Copies a code and wipes it from the clipboard after a while, but only if the clipboard
 * still holds that code: whatever the user copied since is theirs and stays.
 */
export class ClipboardService {
  private readonly clipboard: TextClipboard
  private readonly timers: Timers
  private readonly clearAfterMs: number
  private readonly platform: NodeJS.Platform
  private pendingClear: unknown
  private pendingCode: string | undefined

  constructor(options: {
    clipboard: TextClipboard
    timers?: Timers
    clearAfterMs?: number
    /** Decides which "sensitive" marks go with a copy (sensitive-clipboard.ts). */
    platform?: NodeJS.Platform
  }) {
    this.clipboard = options.clipboard
    this.timers = options.timers ?? realTimers
    this.clearAfterMs = options.clearAfterMs ?? clipboardClearAfterMs
    this.platform = options.platform ?? process.platform
  }

  /**
   * Copies a code, marked as sensitive for the platform's clipboard managers. Callers pass
   * only codes the app computed itself (see copy-entry-code.ts), never digits from outside.
   */
  async copy(code: string): Promise<{ clearAfterMs: number }> {
    this.cancelPendingClear()
    await this.clipboard.writeText(code, sensitiveClipboardFormats(this.platform, code))
    this.pendingCode = code
    this.pendingClear = this.timers.setTimeout(() => {
      this.pendingClear = undefined
      this.pendingCode = undefined
      void this.clearIfStillHolding(code)
    }, this.clearAfterMs)
    return { clearAfterMs: this.clearAfterMs }
  }

  /**
   * On quit: the timer would die with the process and leave the code on the clipboard for
   * good, so a code still waiting to be cleared is cleared now (if the clipboard still
   * holds it) and the timer is stopped.
   */
  async clearPendingNow(): Promise<void> {
    const code = this.pendingCode
    this.cancelPendingClear()
    if (code !== undefined) await this.clearIfStillHolding(code)
  }

  private async clearIfStillHolding(code: string): Promise<void> {
    try {
      if ((await this.clipboard.readText()) === code) await this.clipboard.writeText('')
    } catch {
      // The clipboard went away (session ended); there is nothing left to clear.
    }
  }

  private cancelPendingClear(): void {
    this.pendingCode = undefined
    if (this.pendingClear !== undefined) {
      this.timers.clearTimeout(this.pendingClear)
      this.pendingClear = undefined
    }
  }
}
