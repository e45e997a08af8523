import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test'
import { chromiumArgs, chromiumExecutablePath } from '../chromium'

/**
 * Debian's Chromium in a window that can really be hidden, for the tests of what the app
 * does while the user cannot see it.
 *
 * Pages that Playwright launches stay visible whatever happens to their window: Playwright
 * turns on focus emulation for every page it creates, and Chromium keeps a page with focus
 * emulation "captured", that is, visible. So this starts Chromium itself and attaches with
 * `noDefaults`, which leaves the first tab without focus emulation. Minimizing its window
 * through CDP (Browser.setWindowBounds) then hides the page for real: Chromium sets
 * document.visibilityState to "hidden", fires visibilitychange, and stops producing frames.
 */
export type HideableChromium = {
  page: Page
  hide: () => Promise<void>
  show: () => Promise<void>
  close: () => Promise<void>
}

export async function launchHideableChromium(
  executablePath = chromiumExecutablePath,
): Promise<HideableChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'mag-e2e-chromium-'))
  const child = spawn(
    executablePath,
    [
      '--headless',
      ...chromiumArgs,
      '--window-size=880,640',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let browser: Browser | undefined
  const close = async () => {
    await browser?.close().catch(() => undefined)
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done))
      child.kill()
      await exited
    }
    // Chromium's helper processes can still be writing into the profile for a moment after
    // the browser process exits (ENOTEMPTY on a clean CI run): retry until it is really gone.
    await rm(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
  }
  try {
    const endpoint = await devToolsEndpoint(child.stderr)
    browser = await chromium.connectOverCDP(endpoint, { noDefaults: true })
    const context = browser.contexts()[0]
    if (!context) throw new Error('Chromium started without a browser context')
    const page = context.pages()[0] ?? (await context.waitForEvent('page'))
    const cdp = await context.newCDPSession(page)
    const { windowId } = await cdp.send('Browser.getWindowForTarget')
    const setState = (windowState: 'minimized' | 'normal') =>
      setWindowState(cdp, windowId, windowState)
    return {
      page,
      hide: () => setState('minimized'),
      show: () => setState('normal'),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

async function setWindowState(
  cdp: CDPSession,
  windowId: number,
  windowState: 'minimized' | 'normal',
): Promise<void> {
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState } })
}

/** Chromium prints "DevTools listening on ws://…" on stderr once it accepts connections. */
function devToolsEndpoint(stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stderr })
    lines.on('line', (line) => {
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(line)
      if (match?.[1]) resolve(match[1])
    })
    lines.on('close', () => reject(new Error('Chromium exited before DevTools was listening')))
  })
}
