import { timingSafeEqual } from 'node:crypto'
import { hotp, type HotpOptions } from './engine'

/**
 * Checking a code someone typed against a secret, for any verifier (the MAG service today).
 * Policy — which steps to try, replay, locking — stays with the caller; this module only
 * answers "which of these steps has this code" without telling, by its timing, which one.
 */

/** Exactly `digits` ASCII digits: what a code looks like before any HMAC is spent on it. */
export function isCodeShape(code: string, digits: number): boolean {
  return code.length === digits && /^[0-9]+$/.test(code)
}

/** Constant-time for equal lengths; a code of another length never matches. */
export function codesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  // Same-length buffers whatever `given` is, so the comparison itself always runs.
  const b = Buffer.alloc(a.length)
  b.write(given.slice(0, a.length))
  return timingSafeEqual(a, b) && given.length === expected.length
}

/**
 * The first of `steps` whose HOTP code equals `code`, or null. Every candidate is computed
 * and compared (no early exit), so the time taken does not say which step matched.
 */
export function matchStep(
  secret: Uint8Array,
  code: string,
  steps: readonly number[],
  options: HotpOptions,
): number | null {
  let matched: number | null = null
  for (const step of steps) {
    if (codesEqual(hotp(secret, step, options), code) && matched === null) matched = step
  }
  return matched
}

/** `step` and `radius` steps either side, skipping negative steps (before 1970). */
export function stepsAround(step: number, radius: number): number[] {
  const steps: number[] = []
  for (let s = Math.max(0, step - radius); s <= step + radius; s++) steps.push(s)
  return steps
}
