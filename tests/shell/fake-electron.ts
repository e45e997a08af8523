import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A recording stand-in for the `electron` module: it does nothing but remember what the
 * app asked of it, and lets a test fire the events Electron would fire. Only the surface
 * the app uses exists, so a new use of Electron fails loudly here instead of passing.
 */
type Listener = (...args: never[]) => unknown

class Emitter {
  readonly listeners = new Map<string, Listener[]>()
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener)
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      ;(listener as (...a: unknown[]) => unknown)(...args)
    }
  }
}

export class FakeWebContents extends Emitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents()
  readonly calls: string[] = []
  loadedFile: string | undefined
  loadedUrl: string | undefined
  minimized = false
  constructor(
    readonly options: Record<string, unknown>,
    app: Emitter,
  ) {
    super()
    // Electron announces every new webContents on the app before anything else happens.
    app.emit('web-contents-created', {}, this.webContents)
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path
  }
  /** Every page load, in order (a reload loads the same URL again). */
  readonly loads: string[] = []
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    this.loads.push(url)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.calls.push('restore')
    this.minimized = false
  }
  show(): void {
    this.calls.push('show')
  }
  hide(): void {
    this.calls.push('hide')
  }
  focus(): void {
    this.calls.push('focus')
  }
  destroyed = false
  destroy(): void {
    this.calls.push('destroy')
    this.destroyed = true
    this.emit('closed')
  }
  /** Fires 'close' as the user's click on the close button would; true if a listener kept it open. */
  tryClose(): boolean {
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    return prevented
  }
}

/** A menu item as the app hands it to Menu.buildFromTemplate. */
export type FakeMenuItem = {
  type?: string
  label?: string
  enabled?: boolean
  submenu?: FakeMenuItem[]
  click?: () => void
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  /** The item reached through these labels (a submenu's label, then its item's), or throws. */
  item(...labels: string[]): FakeMenuItem {
    let items = this.items
    let found: FakeMenuItem | undefined
    for (const label of labels) {
      found = items.find((item) => item.label === label)
      if (!found) {
        const seen = items.map((item) => item.label ?? `(${item.type})`).join(' | ')
        throw new Error(`no menu item "${label}" in: ${seen}`)
      }
      items = found.submenu ?? []
    }
    if (!found) throw new Error('no labels given')
    return found
  }
  /** Labels in order, separators as "---", submenus as "label >", disabled items in brackets. */
  outline(): string[] {
    return this.items.map((item) => {
      if (item.type === 'separator') return '---'
      const label = item.type === 'submenu' ? `${item.label} >` : (item.label ?? '')
      return item.enabled === false ? `[${label}]` : label
    })
  }
}

export class FakeTray extends Emitter {
  toolTip: string | undefined
  menu: FakeMenu | null = null
  /** Every menu set, in order: a rebuild adds one. */
  readonly menus: Array<FakeMenu | null> = []
  destroyed = false
  constructor(readonly iconPath: string) {
    super()
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu
    this.menus.push(menu)
  }
  destroy(): void {
    this.destroyed = true
  }
}

export class FakeNotification extends Emitter {
  shown = false
  constructor(readonly options: { title: string; body: string }) {
    super()
  }
  show(): void {
    this.shown = true
  }
}

type InvokeListener = (event: unknown, ...args: unknown[]) => Promise<unknown>
export type HeaderListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void

/** Every userData directory a fake handed out, so a test file can remove them all. */
const userDataDirs = new Set<string>()

/**
 * Removes the userData directories of every fake made in this test file. Each file that
 * uses a fake calls it in afterAll/afterEach: the directories are real, and tests leave
 * nothing behind in the temporary directory.
 */
export function removeFakeElectronDirs(): void {
  for (const dir of userDataDirs) rmSync(dir, { recursive: true, force: true })
  userDataDirs.clear()
}

export function createFakeElectron() {
  // Made on first use: most tests never ask for userData, and need not create or remove it.
  let userData: string | undefined
  const userDataPath = (): string => {
    if (userData === undefined) {
      userData = mkdtempSync(join(tmpdir(), 'mag-fake-electron-'))
      userDataDirs.add(userData)
    }
    return userData
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    singleInstanceLock: true,
    quitCalls: 0,
    sandboxEnabled: false,
    /** Schemes the app asked to be the desktop's handler of. */
    protocolClients: [] as string[],
    setAsDefaultProtocolClient(protocol: string): boolean {
      this.protocolClients.push(protocol)
      return true
    },
    /** Set by setAppUserModelId (Windows notifications). */
    appUserModelId: undefined as string | undefined,
    setAppUserModelId(id: string): void {
      this.appUserModelId = id
    },
    enableSandbox(): void {
      this.sandboxEnabled = true
    },
    /** Every setLoginItemSettings call (start at login), in order. */
    loginItemSettings: [] as Array<{ openAtLogin: boolean; args?: string[] }>,
    setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
      this.loginItemSettings.push(settings)
    },
    /** What app.getPreferredSystemLanguages() answers (the 'system' UI language). */
    preferredSystemLanguages: ['en-US'] as string[],
    getPreferredSystemLanguages(): string[] {
      return [...this.preferredSystemLanguages]
    },
    requestSingleInstanceLock(): boolean {
      return this.singleInstanceLock
    },
    quit(): void {
      this.quitCalls++
    },
    exit(code: number): void {
      throw new Error(`app.exit(${code}) during a test`)
    },
    /** Set once whenReady was asked: Electron's before-ready and after-ready rules hold from then on. */
    ready: false,
    async whenReady(): Promise<void> {
      this.ready = true
    },
    getPath: (name: string): string => {
      if (name !== 'userData') throw new Error(`unexpected app.getPath(${name})`)
      return userDataPath()
    },
    getVersion: (): string => '0.1.0-test',
    getName: (): string => 'mag-authenticator',
  })
  const ipcMain = {
    handlers: new Map<string, InvokeListener>(),
    syncListeners: new Map<string, Listener>(),
    handle(channel: string, listener: InvokeListener): void {
      if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      this.handlers.set(channel, listener)
    },
    // electron-store answers its renderer helper on a sync channel; recorded, never used.
    on(channel: string, listener: Listener): void {
      this.syncListeners.set(channel, listener)
    },
  }
  const defaultSession = {
    headerListeners: [] as HeaderListener[],
    permissionRequestHandler: undefined as undefined | ((...args: never[]) => void),
    permissionCheckHandler: undefined as undefined | ((...args: never[]) => boolean),
    webRequest: {
      onHeadersReceived: (listener: HeaderListener) => {
        defaultSession.headerListeners.push(listener)
      },
    },
    setPermissionRequestHandler(handler: (...args: never[]) => void): void {
      this.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(handler: (...args: never[]) => boolean): void {
      this.permissionCheckHandler = handler
    },
  }
  const clipboard = {
    text: '',
    /** Items as Electron 45's clipboard.read() gives them: MIME types and Blobs. */
    items: [] as Array<{ types: string[]; getType(type: string): Promise<Blob> }>,
    /** The types other than text/plain of the last write, with their bytes (by Electron type). */
    formats: {} as Record<string, Uint8Array>,
    /** How many writes replaced the clipboard (one per copy, marks included). */
    writeCount: 0,
    async writeText(text: string): Promise<void> {
      this.text = text
      this.formats = {}
      this.writeCount += 1
    },
    /** Electron 45's write: every type of the given items replaces the clipboard at once. */
    async write(items: FakeClipboardItem[]): Promise<void> {
      const formats: Record<string, Uint8Array> = {}
      let text = ''
      for (const item of items) {
        for (const [type, value] of Object.entries(item.data)) {
          if (type === 'text/plain') text = typeof value === 'string' ? value : await value.text()
          else formats[type] = new Uint8Array(await new Blob([value]).arrayBuffer())
        }
      }
      this.text = text
      this.formats = formats
      this.writeCount += 1
    },
    async readText(): Promise<string> {
      return this.text
    },
    async read() {
      return this.items
    },
    /** Puts an image on the fake clipboard, as a screenshot tool or a browser would. */
    putImage(type: string, bytes: Uint8Array): void {
      const blob = new Blob([Uint8Array.from(bytes)], { type })
      this.items = [
        { types: [type], getType: async (t) => (t === type ? blob : Promise.reject(new Error(t))) },
      ]
    },
  }
  /** What each file dialog was asked, and what it answers next (undefined: cancelled). */
  const dialog = {
    calls: [] as Array<{ method: string; window: unknown; options: Record<string, unknown> }>,
    nextOpenPath: undefined as string | undefined,
    nextSavePath: undefined as string | undefined,
    async showOpenDialog(...args: unknown[]) {
      const [window, options] = args.length === 2 ? args : [undefined, args[0]]
      this.calls.push({
        method: 'showOpenDialog',
        window,
        options: options as Record<string, unknown>,
      })
      const path = this.nextOpenPath
      return { canceled: path === undefined, filePaths: path === undefined ? [] : [path] }
    },
    async showSaveDialog(...args: unknown[]) {
      const [window, options] = args.length === 2 ? args : [undefined, args[0]]
      this.calls.push({
        method: 'showSaveDialog',
        window,
        options: options as Record<string, unknown>,
      })
      const path = this.nextSavePath
      return path === undefined ? { canceled: true } : { canceled: false, filePath: path }
    },
  }
  /** Screens as BGRA bitmaps, the way NativeImage.toBitmap() hands them over. */
  const desktopCapturer = {
    requests: [] as unknown[],
    screens: [] as Array<{ width: number; height: number; bgra: Uint8Array }>,
    async getSources(options: unknown) {
      this.requests.push(options)
      return this.screens.map((screen) => ({
        thumbnail: {
          isEmpty: () => screen.width === 0,
          getSize: () => ({ width: screen.width, height: screen.height }),
          toBitmap: () => Buffer.from(screen.bgra),
        },
      }))
    },
  }
  const screen = {
    displays: [{ size: { width: 1280, height: 720 }, scaleFactor: 1 }],
    getAllDisplays() {
      return this.displays
    },
  }
  const shell = {
    opened: [] as string[],
    async openExternal(url: string): Promise<void> {
      this.opened.push(url)
    },
  }
  const contextBridge = {
    exposed: [] as Array<[string, unknown]>,
    exposeInMainWorld(key: string, api: unknown): void {
      this.exposed.push([key, api])
    },
  }
  const ipcRenderer = {
    invoked: [] as Array<[string, unknown[]]>,
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      this.invoked.push([channel, args])
      return { ok: true, value: `answer to ${channel}` }
    },
  }
  /**
   * Custom schemes and their handlers, with Electron's order rules: privileges once and before
   * ready, handlers after ready and once per scheme.
   */
  const protocol = {
    privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
    handlers: new Map<string, (request: { url: string; method: string }) => Promise<Response>>(),
    registerSchemesAsPrivileged(
      schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>,
    ): void {
      if (app.ready) throw new Error('registerSchemesAsPrivileged after the app is ready')
      if (this.privileged.length > 0) throw new Error('registerSchemesAsPrivileged called twice')
      this.privileged.push(...schemes)
    },
    handle(
      scheme: string,
      handler: (request: { url: string; method: string }) => Promise<Response>,
    ): void {
      if (!app.ready) throw new Error(`protocol.handle(${scheme}) before the app is ready`)
      if (this.handlers.has(scheme)) throw new Error(`second protocol handler for ${scheme}`)
      this.handlers.set(scheme, handler)
    },
  }
  /** Trays made; `trayControl.refusal` makes the next one throw, as a desktop without a tray may. */
  const trays: FakeTray[] = []
  const trayControl = { refusal: undefined as Error | undefined }
  class Tray extends FakeTray {
    constructor(iconPath: string) {
      if (trayControl.refusal) throw trayControl.refusal
      super(iconPath)
      trays.push(this)
    }
  }
  const Menu = {
    buildFromTemplate: (template: FakeMenuItem[]) => new FakeMenu(template),
  }
  const notifications: FakeNotification[] = []
  const notificationControl = { supported: true }
  class Notification extends FakeNotification {
    static isSupported(): boolean {
      return notificationControl.supported
    }
    constructor(options: { title: string; body: string }) {
      super(options)
      notifications.push(this)
    }
  }
  /**
   * Global shortcuts as the desktop holds them; `heldElsewhere` are taken by another program
   * (register answers false), `unknownKeys` make register throw, as Electron does.
   */
  const globalShortcut = {
    registered: new Map<string, () => void>(),
    heldElsewhere: new Set<string>(),
    unknownKeys: new Set<string>(),
    register(accelerator: string, callback: () => void): boolean {
      if (!app.ready) throw new Error('globalShortcut.register before the app is ready')
      if (this.unknownKeys.has(accelerator)) throw new Error(`Invalid accelerator ${accelerator}`)
      if (this.heldElsewhere.has(accelerator) || this.registered.has(accelerator)) return false
      this.registered.set(accelerator, callback)
      return true
    },
    unregister(accelerator: string): void {
      this.registered.delete(accelerator)
    },
    /** The user presses the keys: the registered callback runs, if any. */
    press(accelerator: string): boolean {
      const callback = this.registered.get(accelerator)
      callback?.()
      return callback !== undefined
    },
  }
  /** Idle time as the test sets it; `emit('lock-screen' | 'suspend')` as the OS would. */
  const powerMonitor = Object.assign(new Emitter(), {
    idleSeconds: 0,
    getSystemIdleTime(): number {
      return this.idleSeconds
    },
  })
  const windows: FakeBrowserWindow[] = []
  class BrowserWindow extends FakeBrowserWindow {
    constructor(options: Record<string, unknown>) {
      super(options, app)
      windows.push(this)
    }
  }
  return {
    app,
    BrowserWindow,
    windows,
    ipcMain,
    session: { defaultSession },
    protocol,
    clipboard,
    ClipboardItem: FakeClipboardItem,
    shell,
    dialog,
    desktopCapturer,
    screen,
    contextBridge,
    ipcRenderer,
    Tray,
    trays,
    trayControl,
    Menu,
    Notification,
    notifications,
    notificationControl,
    globalShortcut,
    powerMonitor,
  }
}

/** Electron 45's ClipboardItem as written: MIME type (or Electron custom type) → payload. */
class FakeClipboardItem {
  readonly data: Record<string, string | Blob>
  constructor(items: Record<string, string | Blob>) {
    this.data = items
  }
  get types(): string[] {
    return Object.keys(this.data)
  }
}

/** The instance vi.mock('electron') hands to modules under test. */
export const fakeElectron = createFakeElectron()
