import { nextWakeAt } from './code-timing'

/** The clock and timer functions the ticker uses; the browser's in the app, a fake in tests. */
export type TickerClock = {
  now: () => number
  setTimeout: (callback: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

export type CodeTicker = {
  /** Starts (or restarts) waking at every boundary and preview moment of these periods. */
  start: (periodsSeconds: readonly number[]) => void
  /** Cancels the pending wake; nothing runs until start is called again. */
  stop: () => void
  readonly running: boolean
}

/**
 * One timer for the whole Codes screen, armed for the next moment something changes
 * instead of ticking every second or every frame. The countdown rings animate in CSS.
 */
export function createCodeTicker(clock: TickerClock, onWake: (now: number) => void): CodeTicker {
  let handle: unknown
  let armed = false
  /** Between start and stop; a wake handler may stop (or restart) the ticker itself. */
  let active = false
  let periods: readonly number[] = []

  const arm = (): void => {
    const now = clock.now()
    const wakeAt = nextWakeAt(now, periods)
    if (wakeAt === undefined) {
      armed = false
      return
    }
    armed = true
    // Timers can fire a little early; a tiny margin keeps us from waking just before the boundary.
    handle = clock.setTimeout(fire, Math.max(0, wakeAt - now) + 15)
  }

  const fire = (): void => {
    if (!armed) return
    armed = false
    onWake(clock.now())
    if (active && !armed) arm()
  }

  const stop = (): void => {
    if (armed) clock.clearTimeout(handle)
    armed = false
    active = false
  }

  return {
    start(next) {
      stop()
      periods = next
      active = true
      arm()
    },
    stop,
    get running() {
      return armed
    },
  }
}
