import type { LockState } from '../../shared/lock-channels'
import type { AppSettings } from '../settings/app-settings'
import type { Timers } from '../shell/clipboard-service'
import { IdleLock } from './idle-lock'
import type { LockService } from './lock-service'

const realTimers: Timers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms)
    // Waiting to lock must not keep a process (a test, the harness) alive.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** The slice of Electron's powerMonitor the lock needs (the real module, or the test fake). */
export type PowerMonitorLike = {
  /** Seconds since the last keyboard or mouse input anywhere on the desktop. */
  getSystemIdleTime(): number
  /** 'lock-screen': macOS, Windows (and some Linux desktops); 'suspend': all three. */
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown
}

export type LockWiringInput = {
  lock: Pick<LockService, 'state' | 'lockIfPasswordSet' | 'subscribe' | 'useIdleLock'>
  /** The saved settings (for the idle minutes) and their changes. */
  desktop: {
    get(): Promise<{ lockAfterIdleMinutes: number }>
    subscribe(listener: (after: AppSettings, before: AppSettings) => void): () => void
  }
  powerMonitor: PowerMonitorLike
  /** The idle lock's one timer; tests pass a fake clock. */
  timers?: Timers
  /**
   * The vault has just locked, whoever caused it: every page that may show a code or a label
   * must forget it (start-app.ts reloads the windows).
   */
  onLocked: () => void
  /** A lock that failed (the keychain refused...): worth a log line, never a crash. */
  log: (message: string) => void
}

/**
 * Connects the vault lock to the desktop: the idle lock with the system idle time and the
 * saved minutes, the screen lock and suspend, and what a lock does to the windows. Locking
 * on these events is lockIfPasswordSet: without a vault password (the default) nothing
 * ever locks. Resolves once the saved minutes are read; returns the idle lock (for tests).
 */
export async function wireLock(input: LockWiringInput): Promise<IdleLock> {
  const { lock } = input
  // Cached: the idle lock asks at every check, and a settings file read each time would be
  // I/O for nothing; DesktopService tells every saved change.
  let minutes = (await input.desktop.get()).lockAfterIdleMinutes
  const idle = new IdleLock({
    idleSeconds: () => input.powerMonitor.getSystemIdleTime(),
    lockAfterIdleMinutes: () => minutes,
    lockIfPasswordSet: () => lockNow('idle'),
    timers: input.timers ?? realTimers,
  })
  lock.useIdleLock(idle)

  async function lockNow(reason: string): Promise<boolean> {
    try {
      return await lock.lockIfPasswordSet()
    } catch (error) {
      input.log(`Vault lock (${reason}) failed: ${error instanceof Error ? error.message : error}`)
      return false
    }
  }

  /** Armed only while there is something to lock: unlocked, with a password. */
  async function rearm(): Promise<void> {
    let state: LockState
    try {
      state = await lock.state()
    } catch {
      return
    }
    if (state.hasPassword && !state.locked) idle.arm()
    else idle.disarm()
  }

  input.desktop.subscribe((after, before) => {
    if (after.lockAfterIdleMinutes === before.lockAfterIdleMinutes) return
    minutes = after.lockAfterIdleMinutes
    // The new limit counts from the idle time already passed, as the old one did.
    void rearm()
  })
  input.powerMonitor.on('lock-screen', () => void lockNow('screen lock'))
  input.powerMonitor.on('suspend', () => void lockNow('suspend'))
  lock.subscribe((state) => {
    if (state.locked) input.onLocked()
  })
  // Nothing to arm at start: a vault with a password opens locked, and unlock arms it
  // (LockService). Asking the state here would open the vault before the window asks.
  return idle
}
