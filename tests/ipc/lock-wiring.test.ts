import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import {
  createFakeElectron,
  removeFakeElectronDirs,
  type FakeBrowserWindow,
} from '../shell/fake-electron'

/**
 * The vault lock as startApp wires it to the desktop (lock/lock-wiring.ts), against the
 * recording Electron fake over the real vault, keychain (throwaway test keyring) and
 * settings file: idle time, screen lock and suspend lock the vault when a password is set,
 * a changed idle setting re-arms, and a lock replaces every page that showed codes. The
 * clock is the one thing faked (the idle lock's timer, and the idle seconds the OS reports).
 */

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain. Run: node scripts/with-test-keyring.mjs npx vitest run tests/ipc/lock-wiring.test.ts',
    )
  }
})

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  removeFakeElectronDirs()
})

function ownKeychain(): KeychainAdapter {
  const real = createKeytarKeychain()
  const service = `MAG Authenticator test ${randomUUID()}`
  cleanups.push(async () => {
    await real.deletePassword(service, 'vault-key')
    await real.deletePassword(service, 'vault-key.next')
  })
  return {
    getPassword: (_service, account) => real.getPassword(service, account),
    setPassword: (_service, account, password) => real.setPassword(service, account, password),
    deletePassword: (_service, account) => real.deletePassword(service, account),
  }
}

/** Timers that fire only when the test moves the clock (and the OS idle time with it). */
function fakeClock(electron: ReturnType<typeof createFakeElectron>) {
  let now = 0
  const pending = new Map<number, { at: number; run: () => void }>()
  let nextId = 1
  return {
    timers: {
      setTimeout: (run: () => void, ms: number) => {
        const id = nextId++
        pending.set(id, { at: now + ms, run })
        return id
      },
      clearTimeout: (id: unknown) => void pending.delete(id as number),
    },
    pendingCount: () => pending.size,
    /** Time passes with nobody touching keyboard or mouse: the idle time grows with it. */
    idle(ms: number) {
      const end = now + ms
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, timer]) => timer.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        pending.delete(due[0])
        electron.powerMonitor.idleSeconds += (due[1].at - now) / 1000
        now = due[1].at
        due[1].run()
      }
      electron.powerMonitor.idleSeconds += (end - now) / 1000
      now = end
    },
  }
}

const secret = 'JBSWY3DPEHPK3PXP'
const password = 'correct horse battery'

async function start() {
  const electron = createFakeElectron()
  const clock = fakeClock(electron)
  const running = await startApp(electron as unknown as ElectronParts, {
    keychain: ownKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    platform: 'linux',
    argv: ['/usr/bin/mag-authenticator'],
    lockTimers: clock.timers,
    log: () => undefined,
  })
  const [main] = electron.windows
  if (!running || !main) throw new Error('the app did not start')
  cleanups.push(() => running.services.clipboard.clearPendingNow())
  main.emit('ready-to-show')
  const call = async (channel: string, args?: unknown) => {
    const handler = electron.ipcMain.handlers.get(`mag:${channel}`)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler(
      {
        sender: { id: main.webContents.id },
        senderFrame: { url: 'app://renderer/index.html', parent: null },
      },
      args,
    )
  }
  // The window opens the vault and shows an account with its code.
  expect(await call('getVaultStatus')).toMatchObject({ ok: true, value: { state: 'ready' } })
  expect(
    await call('addEntryFromUri', { uri: `otpauth://totp/Example:alice?secret=${secret}` }),
  ).toMatchObject({ ok: true })
  return { electron, running, main, clock, call }
}

async function setPassword(call: Awaited<ReturnType<typeof start>>['call']) {
  expect(await call('setVaultPassword', { newPassword: password })).toMatchObject({
    ok: true,
    value: { locked: false, hasPassword: true },
  })
}

/** The page the quick-search window shows now (made anew after a lock). */
function quickSearchWindows(electron: ReturnType<typeof createFakeElectron>) {
  return electron.windows.filter((window) => window.loadedUrl?.endsWith('quick-search.html'))
}

/** Locked as the window sees it: codes refused, and every page that showed some replaced. */
async function expectLockedAndPagesReplaced(
  started: Awaited<ReturnType<typeof start>>,
  quickBefore: FakeBrowserWindow,
) {
  const { call, main, electron } = started
  await vi.waitFor(async () =>
    expect(await call('getLockState')).toMatchObject({ ok: true, value: { locked: true } }),
  )
  expect(await call('getCodes', { ids: [] })).toMatchObject({
    ok: false,
    error: { code: 'locked' },
  })
  expect(await call('listEntries')).toMatchObject({ ok: false, error: { code: 'locked' } })
  // The main page loaded again (it starts at the lock screen); the quick-search page that
  // may have listed accounts is destroyed and a fresh, hidden one made in its place.
  expect(main.loads).toEqual(['app://renderer/index.html', 'app://renderer/index.html'])
  expect(quickBefore.destroyed).toBe(true)
  const fresh = quickSearchWindows(electron).filter((window) => !window.destroyed)
  expect(fresh).toHaveLength(1)
  expect(fresh[0]?.calls).not.toContain('show')
}

describe('the vault lock wired to the desktop', () => {
  it('locks after the chosen idle minutes (default 5) once a password is set', async () => {
    const started = await start()
    const { call, clock, electron } = started
    await setPassword(call)
    const [quick] = quickSearchWindows(electron)
    if (!quick) throw new Error('no quick-search window')
    clock.idle(4 * 60_000)
    expect(await call('getLockState')).toMatchObject({ value: { locked: false } })
    expect(started.main.loads).toHaveLength(1)
    clock.idle(60_000)
    await expectLockedAndPagesReplaced(started, quick)
    // Locked: nothing left to watch until the next unlock, which arms it again.
    expect(clock.pendingCount()).toBe(0)
    expect(await call('unlock', { password })).toMatchObject({ ok: true })
    expect(clock.pendingCount()).toBe(1)
  })

  it('locks when the screen locks', async () => {
    const started = await start()
    await setPassword(started.call)
    const [quick] = quickSearchWindows(started.electron)
    if (!quick) throw new Error('no quick-search window')
    started.electron.powerMonitor.emit('lock-screen')
    await expectLockedAndPagesReplaced(started, quick)
  })

  it('locks on suspend', async () => {
    const started = await start()
    await setPassword(started.call)
    const [quick] = quickSearchWindows(started.electron)
    if (!quick) throw new Error('no quick-search window')
    started.electron.powerMonitor.emit('suspend')
    await expectLockedAndPagesReplaced(started, quick)
  })

  it('a changed idle setting re-arms with the new minutes; 0 never locks on idle', async () => {
    const started = await start()
    const { call, clock, electron } = started
    await setPassword(call)
    const [quick] = quickSearchWindows(electron)
    if (!quick) throw new Error('no quick-search window')

    expect(await call('setDesktopSettings', { lockAfterIdleMinutes: 0 })).toMatchObject({
      ok: true,
    })
    await vi.waitFor(() => expect(clock.pendingCount()).toBe(0))
    clock.idle(24 * 60 * 60_000)
    expect(await call('getLockState')).toMatchObject({ value: { locked: false } })

    electron.powerMonitor.idleSeconds = 0
    expect(await call('setDesktopSettings', { lockAfterIdleMinutes: 1 })).toMatchObject({
      ok: true,
    })
    await vi.waitFor(() => expect(clock.pendingCount()).toBe(1))
    clock.idle(59_000)
    expect(await call('getLockState')).toMatchObject({ value: { locked: false } })
    clock.idle(1_000)
    await expectLockedAndPagesReplaced(started, quick)
  })

  it('without a password nothing ever locks: idle, screen lock and suspend change nothing', async () => {
    const { call, clock, electron, main } = await start()
    expect(clock.pendingCount()).toBe(0)
    electron.powerMonitor.emit('lock-screen')
    electron.powerMonitor.emit('suspend')
    clock.idle(24 * 60 * 60_000)
    // Give a wrongly started lock every chance to finish before looking.
    await new Promise((resolve) => setImmediate(resolve))
    expect(await call('getLockState')).toMatchObject({
      ok: true,
      value: { locked: false, hasPassword: false },
    })
    expect(await call('listEntries')).toMatchObject({ ok: true, value: [{ issuer: 'Example' }] })
    expect(main.loads).toHaveLength(1)
    expect(quickSearchWindows(electron).every((window) => !window.destroyed)).toBe(true)
  })
})
