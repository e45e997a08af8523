import { test as base, expect, type Page } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { createAppServices, type AppServices } from '../../src/main/app-services'
import type { Dispatch } from '../../src/main/ipc/dispatcher'
import type { TextClipboard } from '../../src/main/shell/clipboard-service'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import type { PixelImage } from '@mag/import'
import type { ChannelName } from '../../src/shared/channels'
import { startStaticServer, type StaticServer } from './static-server'
import { magSettingsFrom } from '../../src/main/mag/mag-settings'
import { createFileAppSettingsStore } from '../../src/main/settings/app-settings-store'
import { checkAccessibility } from './axe'

const here = dirname(fileURLToPath(import.meta.url))
export const repoRoot = resolve(here, '../..')
export const rendererDir = join(repoRoot, 'out/renderer')
export const screensDir = join(repoRoot, 'test-results/screens')
export const axeDir = join(repoRoot, 'test-results/axe')

/** Keychain tests may only ever touch the throwaway keyring from scripts/with-test-keyring.mjs. */
export function requireTestKeyring(): void {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'The e2e tests use the real keychain and refuse to run outside the throwaway test keyring. ' +
        'Run: node scripts/with-test-keyring.mjs npx playwright test --project e2e',
    )
  }
}

let bridgeScript: Promise<string> | undefined

/** The page-side bridge: src/shared/bridge.ts bundled as one IIFE, exactly as the preload uses it. */
export function bundleBridgeScript(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [join(here, 'bridge-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0]
    if (!file) throw new Error('esbuild produced no bridge bundle')
    return file.text
  })
  return bridgeScript
}

/**
 * A clipboard that keeps what was written, so tests can read exactly what a user would paste:
 * the text of each write, and the platform formats ("do not record" marks) that came with it
 * in the same write.
 */
export type RecordingClipboard = TextClipboard & {
  readonly writes: readonly string[]
  readonly marks: readonly (readonly string[])[]
}

export function createRecordingClipboard(): RecordingClipboard {
  let text = ''
  const writes: string[] = []
  const marks: string[][] = []
  return {
    writes,
    marks,
    writeText(value, formats = {}) {
      text = value
      writes.push(value)
      marks.push(Object.keys(formats))
    },
    readText: () => text,
  }
}

/**
 * The real keytar adapter with this run's own item name, so each test gets its own vault key
 * in the throwaway keyring and removes it afterwards.
 */
function keychainForService(service: string): KeychainAdapter {
  const real = createKeytarKeychain()
  return {
    getPassword: (_service, account) => real.getPassword(service, account),
    setPassword: (_service, account, password) => real.setPassword(service, account, password),
    deletePassword: (_service, account) => real.deletePassword(service, account),
    isItemLocked: (_service, account) =>
      real.isItemLocked ? real.isItemLocked(service, account) : Promise.resolve(null),
  }
}

export type MainProcess = {
  services: AppServices
  clipboard: RecordingClipboard
  dataPath: string
  /** A second, fresh set of services over the same file and key: what a restart would see. */
  reopen: () => Promise<AppServices>
  /**
   * Fresh services that have not opened the vault: as the app starts, they open it on the
   * page's first call, so a failure to open reaches the page as the answer to that call.
   */
  restart: () => AppServices
  /** Moves main's pinned clock (tests with `pinnedNow` only), e.g. after the page's clock ran. */
  setNow: (unixMs: number) => void
  /** This test's own keychain item service name (account `vault-key`) in the test keyring. */
  keychainService: string
  /** A directory of this test's, removed after it: files to import, exports. */
  filesDir: string
  /**
   * What the import and export "dialogs" answer: the path the test set (undefined: the user
   * cancelled). Clipboard images and screen captures likewise.
   */
  transferAnswers: TransferAnswers
  /**
   * URLs main handed to the browser through the safe shell (a launched partner app's ticket
   * URL), in order. Only tests with `magServiceUrl` (tests/e2e/mag-fixture.ts) get any.
   */
  opened: string[]
  /** How many times main was asked to hide the quick-search window (Enter, Escape). */
  quickSearchHides: () => number
  /** How often main was asked to bring the main window forward from quick search. */
  mainWindowShows: () => number
}

export type TransferAnswers = {
  openPath?: string
  savePath?: string
  clipboardImage?: Uint8Array
  screens?: PixelImage[]
}

export type AppHarness = MainProcess & {
  page: Page
  /**
   * Loads the built renderer with its bridge bound to these services: index.html, or another
   * page of it (quick-search.html).
   */
  load: (page?: string) => Promise<void>
  /** Binds the page to other services (e.g. ones in a child process) from the next call on. */
  bindTo: (dispatch: Dispatch) => void
  /**
   * Saves test-results/screens/<name>.png, then checks the screen with axe-core (WCAG 2 A/AA
   * and best practices; tests/e2e/axe.ts): any violation fails the test.
   */
  screenshot: (name: string) => Promise<void>
  /**
   * A second launch of the app with this command line (a clicked otpauth link): what the
   * running app's 'second-instance' listener does, main's half for real (the argv goes to
   * the services' PendingLinks) and the window's half as the page sees it (focus).
   */
  secondLaunch: (argv: readonly string[]) => Promise<void>
  /** The window gains focus again, as after the user worked in another window. */
  refocus: () => Promise<void>
}

type Fixtures = {
  /** Pins main's clock (Unix ms) for deterministic codes; the page's clock is set to match. */
  pinnedNow: number | undefined
  /**
   * The MAG service main talks to (its address saved in this test's settings file); unset,
   * MAG is not configured. tests/e2e/mag-fixture.ts sets it to a real reference service.
   */
  magServiceUrl: string | undefined
  main: MainProcess
  app: AppHarness
}
type WorkerFixtures = { rendererServer: StaticServer }

export const test = base.extend<Fixtures, WorkerFixtures>({
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer(rendererDir)
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],

  pinnedNow: [undefined, { option: true }],
  magServiceUrl: [undefined, { option: true }],

  main: async ({ pinnedNow, magServiceUrl }, use) => {
    requireTestKeyring()
    const dir = await mkdtemp(join(tmpdir(), 'mag-e2e-'))
    const dataPath = join(dir, 'vault.json')
    const keychainService = `MAG Authenticator e2e ${randomUUID()}`
    const clipboard = createRecordingClipboard()
    let now = pinnedNow
    const setNow = (unixMs: number) => {
      if (now === undefined) throw new Error('setNow needs a pinnedNow test')
      now = unixMs
    }
    const filesDir = join(dir, 'files')
    await mkdir(filesDir)
    const transferAnswers: TransferAnswers = {}
    const opened: string[] = []
    // One store for the test's settings file, as the app has (MAG's address, desktop settings).
    const settingsStore = createFileAppSettingsStore({ path: join(dir, 'settings.json') })
    let quickSearchHides = 0
    let mainWindowShows = 0
    const magSettings =
      magServiceUrl === undefined ? undefined : await magSettingsFrom(settingsStore)
    await magSettings?.setServiceUrl(magServiceUrl ?? null)
    const create = () =>
      createAppServices({
        keychain: keychainForService(keychainService),
        dataFile: createNodeDataFile(dataPath),
        clipboard,
        transfer: {
          chooseOpenPath: async () => transferAnswers.openPath,
          chooseSavePath: async () => transferAnswers.savePath,
          readClipboardImage: async () => transferAnswers.clipboardImage,
          captureScreens: async () => transferAnswers.screens ?? [],
        },
        ...(now === undefined ? {} : { now: () => now ?? Date.now() }),
        desktop: {
          settings: settingsStore,
          hideQuickSearch: () => void quickSearchHides++,
          showMainWindow: () => void mainWindowShows++,
        },
        ...(magSettings === undefined
          ? {}
          : {
              mag: {
                settings: magSettings,
                refreshTokenItem: { service: keychainService, account: 'mag-refresh-token' },
                shell: { openExternal: async (url: string) => void opened.push(url) },
              },
            }),
      })
    const make = async () => {
      const services = create()
      await services.vault.open()
      // As the Electron app does once it is up: resume the saved session, ask the service.
      await services.mag.start()
      return services
    }
    const services = await make()
    await use({
      services,
      clipboard,
      dataPath,
      reopen: make,
      restart: create,
      setNow,
      keychainService,
      filesDir,
      transferAnswers,
      opened,
      quickSearchHides: () => quickSearchHides,
      mainWindowShows: () => mainWindowShows,
    })
    for (const account of ['vault-key', 'mag-refresh-token']) {
      await createKeytarKeychain()
        .deletePassword(keychainService, account)
        .catch(() => false)
    }
    await rm(dir, { recursive: true, force: true })
  },

  app: async ({ page, main, rendererServer, pinnedNow }, use) => {
    if (pinnedNow !== undefined) {
      // Paused at main's pinned instant: the page and main agree on where in the period we are.
      await page.clock.install({ time: pinnedNow - 1000 })
      await page.clock.pauseAt(pinnedNow)
    }
    let dispatch: Dispatch = main.services.dispatch
    await page.exposeBinding('__magInvoke', (_source, channel: ChannelName, args: unknown) =>
      dispatch(channel, args),
    )
    await page.addInitScript({ content: await bundleBridgeScript() })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    await use({
      ...main,
      page,
      bindTo: (next) => {
        dispatch = next
      },
      load: async (path) => {
        await page.goto(path === undefined ? rendererServer.url : `${rendererServer.url}${path}`)
        // Both first screens (Codes and the keychain problem) start with a level-1 heading.
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      },
      screenshot: async (name) => {
        await mkdir(screensDir, { recursive: true })
        await page.screenshot({ path: join(screensDir, `${name}.png`) })
        await checkAccessibility(page, name, axeDir, { clockPaused: pinnedNow !== undefined })
      },
      secondLaunch: async (argv) => {
        main.services.pendingLinks.receiveArgv(argv)
        await refocus(page)
      },
      refocus: () => refocus(page),
    })
    // A CSP violation or an uncaught error is a bug even when the test's own checks passed.
    expect(errors, 'errors in the page console').toEqual([])
  },
})

/** A focus event on the window: what Electron's window.focus() makes the page see. */
async function refocus(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')))
}

export type SeedAccount = {
  issuer: string
  label: string
  secret: string
  type?: 'totp' | 'hotp'
  counter?: number
  digits?: number
  period?: number
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512'
}

/** Adds accounts through the same call the Add dialog makes, so they are stored for real. */
export async function seed(
  services: AppServices,
  accounts: readonly SeedAccount[],
): Promise<string[]> {
  const ids: string[] = []
  for (const account of accounts) {
    const envelope = await services.dispatch('addEntry', { type: 'totp', ...account })
    if (!envelope.ok) throw new Error(`seeding ${account.issuer} failed: ${envelope.error.message}`)
    ids.push((envelope.value as { id: string }).id)
  }
  return ids
}

export { expect }
