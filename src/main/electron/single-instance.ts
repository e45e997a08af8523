/** The parts of Electron's app the single-instance rule needs. */
export type SingleInstanceApp = {
  requestSingleInstanceLock(): boolean
  quit(): void
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown
}

export type FocusableWindow = {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

/**
 * One app per user: a second launch quits at once and brings the first one's window
 * forward, handing over its command line first (a clicked otpauth link arrives this way on
 * Linux and Windows), so the window finds the link when it gains focus. Answers whether this
 * process is the one that keeps running.
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  mainWindow: () => FocusableWindow | undefined,
  onSecondLaunch: (argv: readonly string[]) => void = () => undefined,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', (_event, argv) => {
    onSecondLaunch(Array.isArray(argv) ? argv : [])
    bringForward(mainWindow())
  })
  return true
}

/** Restores, shows and focuses the window (focus is what makes the page look for new links). */
export function bringForward(window: FocusableWindow | undefined): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
