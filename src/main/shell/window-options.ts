/**
 * Options for the main BrowserWindow. Declared here without importing electron so the
 * security checklist is a pure, testable value; Electron's own type checks it at the call.
 */
export type MainWindowOptions = {
  title: string
  width: number
  height: number
  minWidth: number
  minHeight: number
  show: boolean
  autoHideMenuBar: boolean
  icon?: string
  webPreferences: {
    preload: string
    contextIsolation: true
    sandbox: true
    nodeIntegration: false
    nodeIntegrationInWorker: false
    nodeIntegrationInSubFrames: false
    webSecurity: true
    allowRunningInsecureContent: false
    webviewTag: false
    experimentalFeatures: false
    navigateOnDragDrop: false
    spellcheck: false
    devTools: boolean
    backgroundThrottling: true
  }
}

export type MainWindowInput = {
  preloadPath: string
  isPackaged: boolean
  iconPath?: string
}

export const appTitle = 'MAG Authenticator'

export function mainWindowOptions(input: MainWindowInput): MainWindowOptions {
  return {
    title: appTitle,
    width: 440,
    height: 720,
    minWidth: 360,
    minHeight: 480,
    // Shown on ready-to-show, so the user never sees an unpainted white window.
    show: false,
    autoHideMenuBar: true,
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped on the window must not replace the app with that file.
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !input.isPackaged,
      // Chromium pauses timers of a hidden window; the Codes ticker relies on that.
      backgroundThrottling: true,
    },
  }
}

/** The quick-search window: the main window's security options, small, frameless, on top. */
export type QuickSearchWindowOptions = Omit<MainWindowOptions, 'minWidth' | 'minHeight'> & {
  frame: false
  resizable: false
  alwaysOnTop: true
  skipTaskbar: true
  /** Not in the window switcher either: it is a popup, reached by its shortcut. */
  fullscreenable: false
}

export function quickSearchWindowOptions(input: MainWindowInput): QuickSearchWindowOptions {
  const { minWidth: _minWidth, minHeight: _minHeight, ...main } = mainWindowOptions(input)
  return {
    ...main,
    title: `${appTitle} quick search`,
    width: 420,
    height: 360,
    frame: false,
    resizable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    fullscreenable: false,
  }
}
