import type { Timers } from '../shell/clipboard-service'

export type IdleLockDeps = {
  /** Seconds since the user last touched the machine (Electron: powerMonitor.getSystemIdleTime). */
  idleSeconds: () => number
  /** The setting; null or 0: never lock on idle (the default). */
  lockAfterIdleMinutes: () => number | null
  /** LockService.lockIfPasswordSet: false when no password is set (nothing to lock). */
  lockIfPasswordSet: () => Promise<boolean>
  timers: Timers
}

/** Never checks more often than this, whatever the idle time says. */
const MIN_CHECK_MS = 5_000

/**
 * Locks the vault after the chosen idle time. Uses the system's idle time rather than
 * activity reports from the renderer (idle in other programs counts too, and a hidden
 * window reports nothing). No polling loop: one timer sleeps until the earliest moment the
 * limit could be reached, re-checks, and stops for good once locked or when no password
 * is set; arm() again after unlock, setting a password, or changing the setting.
 */
export class IdleLock {
  private handle: unknown

  constructor(private readonly deps: IdleLockDeps) {}

  arm(): void {
    this.disarm()
    const limitMs = this.limitMs()
    if (limitMs === null) return
    this.schedule(limitMs - this.deps.idleSeconds() * 1000)
  }

  disarm(): void {
    if (this.handle !== undefined) this.deps.timers.clearTimeout(this.handle)
    this.handle = undefined
  }

  get armed(): boolean {
    return this.handle !== undefined
  }

  private limitMs(): number | null {
    const minutes = this.deps.lockAfterIdleMinutes()
    return minutes && minutes > 0 ? minutes * 60_000 : null
  }

  private schedule(ms: number): void {
    this.handle = this.deps.timers.setTimeout(() => void this.check(), Math.max(ms, MIN_CHECK_MS))
  }

  private async check(): Promise<void> {
    this.handle = undefined
    const limitMs = this.limitMs()
    if (limitMs === null) return
    const idleMs = this.deps.idleSeconds() * 1000
    if (idleMs < limitMs) {
      this.schedule(limitMs - idleMs)
      return
    }
    // Locked, or no password to lock with: either way nothing is left to watch.
    await this.deps.lockIfPasswordSet()
  }
}
