import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createAppServices, type AppServices } from '../src/main/app-services'
import type { ChannelName } from '../src/shared/channels'
import { grantApp } from '../packages/server/src/admin/service'
import { defaultRateLimits } from '../packages/server/src/config'
import { startReferenceService, type ReferenceService } from '../tests/mag/reference-service'
import { startStaticServer } from '../tests/e2e/static-server'
import { bundleBridge, launchChromium } from './lib/app-page'
import { compared, median, note, printResults, requireTestKeyring } from './lib/report'

/**
 * MAG sign-in benchmark in Debian's Chromium (issue 7), run by `npm run bench` after
 * `npm run build`, inside the throwaway keyring:
 *
 * - mag_sign_in_to_dashboard_painted_ms: on the built renderer, its bridge bound to the real
 *   main-process services talking to the real reference service on loopback, from the click
 *   on "Sign in" (the MAG section already showing its form) until the dashboard's partner
 *   applications are painted (the frame after they appear), in the page's own clock. What it
 *   covers: the magSignIn call through the bridge and the dispatcher, main's sign-in (the
 *   service's argon2id check), the session and state, the dashboard's render.
 *   Baseline, in the same run and alternating with it: the two requests any client must make
 *   for that screen, a bare fetch of sign-in then of the application list.
 *
 * Each sample signs out afterwards (not timed) and loads a fresh page.
 */

const RUNS = 7
const APPS = ['crm', 'billing']
const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = join(resolve(here, '..'), 'out/renderer')

/** In the page: the click on Sign in, and the frame after the dashboard's apps appear. */
const signInProbe = `
  (() => {
    document.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null
      if (button && button.textContent.trim() === 'Sign in') window.__clickedAt = performance.now()
    }, true)
    const check = () => {
      if (window.__clickedAt === undefined || window.__seen) return
      if (!document.querySelector('.app-list__item')) return
      window.__seen = true
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__dashboardMs = performance.now() - window.__clickedAt
      }))
    }
    new MutationObserver(check).observe(document, { childList: true, subtree: true })
  })()
`

type User = { username: string; password: string }

async function timeAppSignIn(
  browser: Browser,
  url: string,
  bridge: string,
  services: AppServices,
  user: User,
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } })
  let elapsed: number
  try {
    const page = await context.newPage()
    await page.exposeBinding('__magInvoke', (_source, channel: ChannelName, args: unknown) =>
      services.dispatch(channel, args),
    )
    await page.addInitScript({ content: bridge })
    await page.addInitScript({ content: signInProbe })
    await page.goto(url)
    await page.getByRole('tab', { name: 'MAG' }).click()
    await page.getByLabel('Email or username').fill(user.username)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const handle = await page.waitForFunction(
      () => (window as { __dashboardMs?: number }).__dashboardMs,
      null,
      { timeout: 60_000 },
    )
    elapsed = (await handle.jsonValue()) as number
  } finally {
    await context.close()
  }
  const signedOut = await services.dispatch('magSignOut', undefined)
  if (!signedOut.ok) throw new Error(`sign-out failed: ${signedOut.error.message}`)
  return elapsed
}

async function timeBareSignIn(service: ReferenceService, user: User): Promise<number> {
  const start = performance.now()
  const signIn = (await request(service, 'POST', '/api/v1/auth/sign-in', {
    identifier: user.username,
    password: user.password,
  })) as { accessToken: string }
  const auth = { authorization: `Bearer ${signIn.accessToken}` }
  await request(service, 'GET', '/api/v1/apps', undefined, auth)
  const elapsed = performance.now() - start
  await request(service, 'POST', '/api/v1/auth/sign-out', undefined, auth)
  return elapsed
}

async function request(
  service: ReferenceService,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(service.url + path, {
    method,
    headers: {
      accept: 'application/json',
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const answer = (await response.json()) as unknown
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

async function main(): Promise<void> {
  requireTestKeyring('bench/mag-dashboard.bench.ts')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first.')
  }
  const generous = { limit: 100_000, windowSeconds: 60 }
  const service = await startReferenceService({
    config: {
      rateLimits: {
        ...defaultRateLimits(),
        signInPerAccount: generous,
        signInPerAddress: generous,
      },
    },
  })
  const dir = await mkdtemp(join(tmpdir(), 'mag-dashboard-bench-'))
  const keychainService = `MAG Authenticator bench ${randomUUID()}`
  const keychain = createKeytarKeychain()
  const services = createAppServices({
    keychain,
    dataFile: createNodeDataFile(join(dir, 'vault.json')),
    clipboard: { writeText: () => undefined, readText: () => '' },
    vaultKeyItem: { keychainService },
    mag: {
      settings: { serviceUrl: () => service.url, setServiceUrl: async (url) => url },
      refreshTokenItem: { service: keychainService, account: 'mag-refresh-token' },
      shell: { openExternal: async () => undefined },
    },
  })
  const browser = await launchChromium()
  const app = await startStaticServer(rendererDir)
  try {
    await services.vault.open()
    await services.mag.start()
    const user = await service.createUser()
    for (const slug of APPS) await grantApp(service.ctx, { user: user.id, app: slug })
    const bridge = await bundleBridge()

    // One unmeasured sample each warms Chromium, the services and the service alike.
    await timeAppSignIn(browser, app.url, bridge, services, user)
    await timeBareSignIn(service, user)
    const appTimes: number[] = []
    const bareTimes: number[] = []
    for (let i = 0; i < RUNS; i++) {
      appTimes.push(await timeAppSignIn(browser, app.url, bridge, services, user))
      bareTimes.push(await timeBareSignIn(service, user))
    }
    note(`mag: sign-in → dashboard painted ${appTimes.map((t) => t.toFixed(0)).join(' ')} ms`)
    note(`mag: bare sign-in + app list ${bareTimes.map((t) => t.toFixed(0)).join(' ')} ms`)
    printResults([
      compared('mag_sign_in_to_dashboard_painted_ms', median(appTimes), 'ms', median(bareTimes)),
    ])
  } finally {
    await app.close()
    await browser.close()
    for (const account of ['vault-key', 'mag-refresh-token']) {
      await keychain.deletePassword(keychainService, account).catch(() => false)
    }
    await rm(dir, { recursive: true, force: true })
    await service.stop()
  }
}

await main()
