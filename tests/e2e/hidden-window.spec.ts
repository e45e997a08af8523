import type { Dispatch } from '../../src/main/ipc/dispatcher'
import type { ChannelName } from '../../src/shared/channels'
import { sampleAccounts } from './accounts'
import { expect, seed, test as base } from './harness'
import { launchHideableChromium, type HideableChromium } from './hideable-chromium'
import { base32Decode, totp } from './rfc6238'
import { formatCode } from '../../src/renderer/src/lib/code-format'

/** What the page scheduled and ran, counted by wrappers around the timer functions. */
type TimerCounts = { scheduled: number; fired: number; pending: number }
type ProbeWindow = Window & { __timerProbe: () => TimerCounts }

/**
 * Runs in the page before the app. Wraps setTimeout, setInterval and requestAnimationFrame
 * (the fake-clock versions: the harness installs Playwright's clock first) so the test can
 * tell how many callbacks were scheduled, ran, and are still pending.
 */
function installTimerProbe(): void {
  let scheduled = 0
  let fired = 0
  const pending = {
    timeout: new Set<number>(),
    interval: new Set<number>(),
    frame: new Set<number>(),
  }
  const w = window as unknown as ProbeWindow
  const { setTimeout, clearTimeout, setInterval, clearInterval } = window
  const { requestAnimationFrame, cancelAnimationFrame } = window
  w.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    scheduled++
    const handle: number = setTimeout(() => {
      pending.timeout.delete(handle)
      fired++
      callback(...args)
    }, ms)
    pending.timeout.add(handle)
    return handle
  }) as typeof window.setTimeout
  w.clearTimeout = (handle?: number) => {
    if (handle !== undefined) pending.timeout.delete(handle)
    clearTimeout(handle)
  }
  w.setInterval = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    scheduled++
    const handle: number = setInterval(() => {
      fired++
      callback(...args)
    }, ms)
    pending.interval.add(handle)
    return handle
  }) as typeof window.setInterval
  w.clearInterval = (handle?: number) => {
    if (handle !== undefined) pending.interval.delete(handle)
    clearInterval(handle)
  }
  w.requestAnimationFrame = (callback: FrameRequestCallback) => {
    scheduled++
    const handle = requestAnimationFrame((time) => {
      pending.frame.delete(handle)
      fired++
      callback(time)
    })
    pending.frame.add(handle)
    return handle
  }
  w.cancelAnimationFrame = (handle: number) => {
    pending.frame.delete(handle)
    cancelAnimationFrame(handle)
  }
  w.__timerProbe = () => ({
    scheduled,
    fired,
    pending: pending.timeout.size + pending.interval.size + pending.frame.size,
  })
}

const test = base.extend<{ chromium: HideableChromium }>({
  // eslint-disable-next-line no-empty-pattern
  chromium: async ({}, use) => {
    const launched = await launchHideableChromium()
    await use(launched)
    await launched.close()
  },
  // The harness's app fixture drives this page: the one whose window can really be hidden.
  page: async ({ chromium }, use) => {
    await use(chromium.page)
  },
})

// Early in a 30 s period, so the checks below never straddle a boundary.
const pinned = Math.floor(Date.UTC(2025, 5, 2, 9, 41, 0) / 30_000) * 30_000 + 9_000
test.use({ pinnedNow: pinned })

const github = sampleAccounts[0]!
const codeAt = (unixMs: number) => totp(base32Decode(github.secret), unixMs)

test('no timer runs and nothing is fetched while the window is hidden; codes refresh when it shows again', async ({
  app,
  chromium,
}) => {
  await seed(app.services, sampleAccounts)
  // Every call the page makes to main, so "fetches nothing while hidden" can be checked.
  const calls: ChannelName[] = []
  const recording: Dispatch = (channel, args) => {
    calls.push(channel as ChannelName)
    return app.services.dispatch(channel, args)
  }
  app.bindTo(recording)
  await app.page.addInitScript(installTimerProbe)
  await app.load()
  const probe = () => app.page.evaluate(() => (window as unknown as ProbeWindow).__timerProbe())
  const row = app.page.getByRole('listitem').filter({ hasText: 'GitHub' })
  await expect(row.locator('.code--current')).toHaveText(formatCode(codeAt(pinned)))
  // Visible: the one ticker timer is armed for the next moment something changes.
  await expect.poll(async () => (await probe()).pending).toBeGreaterThan(0)

  await chromium.hide()
  await expect.poll(() => app.page.evaluate(() => document.visibilityState)).toBe('hidden')
  // Hiding cancelled it: nothing is left that could fire.
  await expect.poll(async () => (await probe()).pending).toBe(0)
  const atHide = await probe()
  const callsAtHide = calls.length

  // Two period boundaries and two next-code moments pass while hidden.
  await app.page.clock.runFor(65_000)
  expect(await probe()).toEqual(atHide)
  expect(calls.slice(callsAtHide)).toEqual([])
  // The countdown rings are CSS animations, not script: nothing of ours runs for them, and
  // Chromium does not run animations (or animation frames) in a hidden document at all.
  const rings = await app.page.evaluate(() =>
    document
      .getAnimations()
      .filter((animation) => (animation as CSSAnimation).animationName === 'ring-drain')
      .map((animation) => animation.constructor.name),
  )
  expect(rings).toEqual(Array(5).fill('CSSAnimation'))

  // Main's clock moved on with the page's; showing the window fetches the new codes at once.
  app.setNow(pinned + 65_000)
  await chromium.show()
  await expect.poll(() => app.page.evaluate(() => document.visibilityState)).toBe('visible')
  await expect(row.locator('.code--current')).toHaveText(formatCode(codeAt(pinned + 65_000)))
  expect(calls.slice(callsAtHide)).toContain('getCodes')
  await expect.poll(async () => (await probe()).pending).toBeGreaterThan(0)

  // And the ticker runs again: 26 s into the period the next code is previewed.
  await app.page.clock.runFor(12_000)
  await expect(row.locator('.code--next')).toHaveText(formatCode(codeAt(pinned + 95_000)))
})
