import { build as esbuild } from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Dispatch } from '../../src/main/ipc/dispatcher'
import { chromiumArgs, chromiumExecutablePath } from '../../tests/chromium'

/**
 * What every browser bench needs to run the built renderer as the e2e harness does
 * (tests/e2e/harness.ts): Debian's Chromium with the suite's flags, and a page whose
 * `window.magAuth` is the real bridge bound to main-process services in this process.
 */

const here = dirname(fileURLToPath(import.meta.url))

/** Debian's Chromium, started as every browser test and bench here starts it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutablePath, args: [...chromiumArgs] })
}

/** The page-side bridge (src/shared/bridge.ts) as one IIFE, exactly as the preload uses it. */
export async function bundleBridge(): Promise<string> {
  const result = await esbuild({
    entryPoints: [join(here, '../../tests/e2e/bridge-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const file = result.outputFiles[0]
  if (!file) throw new Error('esbuild produced no bridge bundle')
  return file.text
}

/**
 * Page side of the transport below: `window.__magInvoke` (what the bridge calls) sends the
 * call as JSON text through the CDP binding and resolves when main's answer comes back.
 */
const pageTransport = `
  (() => {
    let next = 0
    const pending = new Map()
    window.__magInvoke = (channel, args) => new Promise((resolve) => {
      const id = ++next
      pending.set(id, resolve)
      window.__magSend(JSON.stringify({ id, channel, args }))
    })
    window.__magAnswer = (id, text) => {
      const resolve = pending.get(id)
      pending.delete(id)
      if (resolve) resolve(JSON.parse(text))
    }
  })()
`

type Call = { id: number; channel: string; args?: unknown }

/**
 * From the page's next navigation on, its `window.magAuth` (the real bridge, bundled as the
 * preload has it) calls `dispatch` in this process: the real services' IPC dispatcher.
 *
 * Why not Playwright's exposeBinding, as the e2e harness uses: it carries an answer value by
 * value through Playwright's own protocol, and for a list of 200 accounts (30 KB) that costs
 * 150–800 ms on this machine, 10–50× the call itself; Electron's IPC copies the same answer
 * (structured clone) in about a millisecond. A bench timing the page would time Playwright.
 * So the call and its answer cross as one JSON string each over a raw CDP binding (every
 * channel's arguments and answers are JSON data), a few ms a call here.
 */
export async function bindPageToMain(
  page: Page,
  dispatch: Dispatch,
  bridge: string,
): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Runtime.enable')
  await cdp.send('Runtime.addBinding', { name: '__magSend' })
  cdp.on('Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
    if (name !== '__magSend') return
    void (async () => {
      const call = JSON.parse(payload) as Call
      const envelope = await dispatch(call.channel, call.args)
      const text = JSON.stringify(JSON.stringify(envelope))
      await cdp.send('Runtime.evaluate', {
        expression: `window.__magAnswer(${call.id}, ${text})`,
        contextId: executionContextId,
      })
    })().catch(() => {
      // The page navigated or closed while main answered: nobody is left to tell.
    })
  })
  await page.addInitScript({ content: pageTransport })
  await page.addInitScript({ content: bridge })
}
