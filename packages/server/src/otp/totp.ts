/**
 * The service's TOTP policy on @mag/otp, the one OTP core: SHA-1, 6 digits, 30 s steps,
 * which is what the seed link it issues says and what the hardware tokens it binds show.
 * Secrets are stored as base32 text and read by @mag/otp's decoder, so the service refuses
 * exactly what the app refuses (an 'ß' is not read as 'SS', a half secret is not stored).
 * Pure apart from the HMAC; the caller passes the time.
 */
import {
  decodeBase32 as decodeSecretText,
  encodeBase32,
  isCodeShape as hasCodeShape,
  matchStep as matchCodeStep,
  stepOf,
  type HotpOptions,
} from '@mag/otp'

export const STEP_SECONDS = 30
export const DIGITS = 6
export const SERVICE_OTP: HotpOptions = { algorithm: 'SHA1', digits: DIGITS }

export { encodeBase32 }

/** The secret's bytes; throws on anything @mag/otp's secret policy refuses. */
export function decodeBase32(secretBase32: string): Uint8Array {
  return decodeSecretText(secretBase32)
}

/** The one spelling the service stores: upper-case base32 without separators or padding. */
export function canonicalBase32(secretBase32: string): string {
  return encodeBase32(decodeSecretText(secretBase32))
}

export function stepAt(date: Date): number {
  return stepOf(date.getTime(), STEP_SECONDS)
}

export function isCodeShape(code: string): boolean {
  return hasCodeShape(code, DIGITS)
}

/**
 * The step among `steps` whose code equals `code`, or null; every candidate is compared, so
 * timing does not tell which step matched.
 */
export function matchStep(key: Uint8Array, code: string, steps: readonly number[]): number | null {
  return matchCodeStep(key, code, steps, SERVICE_OTP)
}
