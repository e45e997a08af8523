/**
 * Codes for the service's tests, from the repository's one independent RFC 6238
 * implementation (packages/otp/tests/reference-otp.ts), never from the service's own code.
 */
import { randomBytes } from 'node:crypto'
import {
  referenceBase32Decode,
  referenceBase32Encode,
  referenceHotp,
} from '../../../otp/tests/reference-otp'

export function randomBase32Secret(bytes = 20): string {
  return referenceBase32Encode(randomBytes(bytes))
}

/** The current 30-second step (real time). */
export function currentStep(now: Date = new Date()): number {
  return Math.floor(now.getTime() / 30_000)
}

/** The 6-digit SHA-1 code of `step`; use currentStep() + offset for ±1 window tests. */
export function totpAt(secretBase32: string, step: number): string {
  return referenceHotp(referenceBase32Decode(secretBase32), step)
}

export function totpNow(secretBase32: string, stepOffset = 0): string {
  return totpAt(secretBase32, currentStep() + stepOffset)
}

/** A code for `step` that is not the code of any step within ±window (a surely wrong code). */
export function wrongCode(secretBase32: string, step: number = currentStep(), window = 12): string {
  const taken = new Set<string>()
  for (let s = step - window; s <= step + window; s++) taken.add(totpAt(secretBase32, s))
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0')
    if (!taken.has(candidate)) return candidate
  }
}
