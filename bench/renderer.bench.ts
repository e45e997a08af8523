import react from '@vitejs/plugin-react'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { build as viteBuild } from 'vite'
import { createAppServices, type AppServices } from '../src/main/app-services'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import type { ChannelName } from '../src/shared/channels'
import { startStaticServer } from '../tests/e2e/static-server'
import { bundleBridge, launchChromium } from './lib/app-page'
import { compared, measured, median, note, printResults, requireTestKeyring } from './lib/report'
import { firstPaintJs } from './lib/first-paint-js'

/**
 * Renderer benchmark, in Debian's Chromium: navigation → first code painted with 1000
 * accounts (real services, real keychain) against a bare Vite React page built in the same
 * run; the JS heap after that load; and the gzip size of the JS the renderer ships, all of
 * it and the part the first paint needs.
 * Run inside scripts/with-test-keyring.mjs after `npm run build`.
 */

const RUNS = 7
const ACCOUNTS = 1000
const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '..')
const rendererDir = join(repoRoot, 'out/renderer')

/**
 * Records, in the page's own clock (0 = navigation start), the frame after `selector`
 * first appears: the moment it is painted, not merely in the DOM.
 */
const paintProbe = (selector: string) => `
  (() => {
    const done = (t) => { window.__firstPaintMs = t }
    const check = () => {
      if (window.__seen || !document.querySelector(${JSON.stringify(selector)})) return
      window.__seen = true
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())))
    }
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true })
  })()
`

async function buildBarePage(outDir: string): Promise<void> {
  await viteBuild({
    configFile: false,
    root: join(here, 'fixtures/bare-react'),
    base: './',
    logLevel: 'silent',
    plugins: [react()],
    build: { outDir, emptyOutDir: true },
  })
}

/** The real keytar adapter under this run's own item name, removed at the end. */
function keychainFor(service: string): KeychainAdapter {
  const real = createKeytarKeychain()
  return {
    getPassword: (_s, account) => real.getPassword(service, account),
    setPassword: (_s, account, password) => real.setPassword(service, account, password),
    deletePassword: (_s, account) => real.deletePassword(service, account),
    isItemLocked: (_s, account) =>
      real.isItemLocked ? real.isItemLocked(service, account) : Promise.resolve(null),
  }
}

async function prepareServices(dir: string, keychainService: string): Promise<AppServices> {
  const services = createAppServices({
    keychain: keychainFor(keychainService),
    dataFile: createNodeDataFile(join(dir, 'vault.json')),
    clipboard: { writeText: () => undefined, readText: () => '' },
  })
  const status = await services.vault.open()
  if (status.state !== 'ready') throw new Error(`bench vault not ready: ${status.problem.message}`)
  note(`adding ${ACCOUNTS} accounts…`)
  for (let i = 0; i < ACCOUNTS; i += 1) {
    await services.vault.add({
      type: 'totp',
      issuer: `Issuer ${i % 37}`,
      label: `user${i}@example.com`,
      secret: randomBytes(20),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    })
  }
  return services
}

type Load = { firstPaintMs: number; heapMb: number }

async function loadOnce(
  browser: Browser,
  url: string,
  selector: string,
  bridge?: { script: string; services: AppServices },
): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 880, height: 640 } })
  const page = await context.newPage()
  if (bridge) {
    await page.exposeBinding('__magInvoke', (_source, channel: ChannelName, args: unknown) =>
      bridge.services.dispatch(channel, args),
    )
    await page.addInitScript({ content: bridge.script })
  }
  await page.addInitScript({ content: paintProbe(selector) })
  await page.goto(url)
  const handle = await page.waitForFunction(
    () => (window as { __firstPaintMs?: number }).__firstPaintMs,
    null,
    {
      timeout: 60_000,
    },
  )
  const firstPaintMs = (await handle.jsonValue()) as number
  const cdp = await context.newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  await context.close()
  return { firstPaintMs, heapMb: heap.usedSize / (1024 * 1024) }
}

async function gzipKb(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const text = await readFile(join(entry.parentPath, entry.name))
    total += gzipSync(text, { level: 9 }).length
  }
  return total / 1024
}

async function main(): Promise<void> {
  requireTestKeyring('bench/renderer.bench.ts')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first.')
  }
  const work = await mkdtemp(join(tmpdir(), 'mag-renderer-bench-'))
  const keychainService = `MAG Authenticator bench ${randomUUID()}`
  const browser = await launchChromium()
  try {
    const bareDir = join(work, 'bare')
    await buildBarePage(bareDir)
    const services = await prepareServices(work, keychainService)
    const script = await bundleBridge()
    const app = await startStaticServer(rendererDir)
    const bare = await startStaticServer(bareDir)

    // One unmeasured load each warms Chromium's caches and the services' JIT alike.
    await loadOnce(browser, bare.url, '#bare-text')
    await loadOnce(browser, app.url, '.row .code__group', { script, services })
    const appLoads: Load[] = []
    const bareLoads: Load[] = []
    for (let i = 0; i < RUNS; i += 1) {
      bareLoads.push(await loadOnce(browser, bare.url, '#bare-text'))
      appLoads.push(await loadOnce(browser, app.url, '.row .code__group', { script, services }))
    }
    await app.close()
    await bare.close()
    note(
      `first code painted, ${ACCOUNTS} accounts: ${appLoads.map((l) => l.firstPaintMs.toFixed(0)).join(' ')} ms`,
    )
    note(`bare React page painted: ${bareLoads.map((l) => l.firstPaintMs.toFixed(0)).join(' ')} ms`)

    const appMs = median(appLoads.map((l) => l.firstPaintMs))
    const bareMs = median(bareLoads.map((l) => l.firstPaintMs))
    printResults([
      compared('renderer_first_code_1000', appMs, 'ms', bareMs),
      measured('renderer_js_heap_1000', median(appLoads.map((l) => l.heapMb)), 'MB'),
      compared('renderer_js_gzip', await gzipKb(rendererDir), 'KB', await gzipKb(bareDir)),
      // What runs before the first paint: the entry module and its static imports (the
      // budget tests/shell/bundle-budget.test.ts holds); lazy screens and dialogs are not in it.
      compared(
        'renderer_first_paint_js_gzip',
        (await firstPaintJs(rendererDir)).gzipBytes / 1024,
        'KB',
        (await firstPaintJs(bareDir)).gzipBytes / 1024,
      ),
    ])
  } finally {
    await browser.close()
    await createKeytarKeychain()
      .deletePassword(keychainService, 'vault-key')
      .catch(() => false)
    await rm(work, { recursive: true, force: true })
  }
}

await main()
