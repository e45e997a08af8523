/**
 * A controllable source of real time for the server's clock (the one fake the rules allow),
 * so OTP window and ticket expiry tests never depend on where in a 30 s step they run.
 */
export interface FakeNow {
  now: () => Date
  /** Current fake epoch ms. */
  ms(): number
  advance(ms: number): void
  /** The fake time's 30 s step. */
  step(): number
}

/** Starts in the middle of a step, so ±1-step arithmetic never straddles a boundary. */
export function createFakeNow(start: number = Date.now()): FakeNow {
  let current = Math.floor(start / 30_000) * 30_000 + 15_000
  return {
    now: () => new Date(current),
    ms: () => current,
    advance: (ms) => {
      current += ms
    },
    step: () => Math.floor(current / 30_000),
  }
}
