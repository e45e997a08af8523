import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node'
import { createGuardrails, generateSync } from 'otplib'
import type { Algorithm } from './parameters'

/**
 * TOTP/HOTP on otplib with Node's crypto, synchronous so that a thousand codes are one
 * tight loop in the main process rather than a thousand awaited promises.
 */

export type HotpOptions = { algorithm: Algorithm; digits: number }
export type TotpOptions = HotpOptions & { period: number }

export type TotpWindow = {
  code: string
  /** The code of the following period, for the "next code" preview. */
  nextCode: string
  /** Unix ms at which `code` stops being current. */
  validUntil: number
}

const crypto = new NodeCryptoPlugin()

/**
 * Secret-length policy lives in the base32 decoder (what users may enter); the engine
 * computes codes for whatever bytes the vault holds, including RFC test seeds.
 */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES: 1024 })

const OTPLIB_ALGORITHM = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const

/** RFC 4226 HOTP value of `secret` at `counter`. */
export function hotp(secret: Uint8Array, counter: number, options: HotpOptions): string {
  checkDigits(options.digits)
  return generateSync({
    strategy: 'hotp',
    secret,
    counter,
    algorithm: OTPLIB_ALGORITHM[options.algorithm],
    digits: options.digits,
    crypto,
    guardrails,
  })
}

/** RFC 6238 TOTP value of `secret` at `nowMs` (T0 = 0). */
export function totp(secret: Uint8Array, nowMs: number, options: TotpOptions): string {
  checkDigits(options.digits)
  return generateSync({
    strategy: 'totp',
    secret,
    // otplib counts in whole seconds; flooring keeps a step boundary exact.
    epoch: Math.floor(nowMs / 1000),
    period: options.period,
    algorithm: OTPLIB_ALGORITHM[options.algorithm],
    digits: options.digits,
    crypto,
    guardrails,
  })
}

/** The current code, the next one, and when the current one expires. */
export function totpWindow(secret: Uint8Array, nowMs: number, options: TotpOptions): TotpWindow {
  const periodMs = options.period * 1000
  const validUntil = (Math.floor(nowMs / periodMs) + 1) * periodMs
  return {
    code: totp(secret, nowMs, options),
    nextCode: totp(secret, validUntil, options),
    validUntil,
  }
}

/** otplib accepts any length its hooks can encode; codes here are always 6–8 digits. */
function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError(`digits must be 6, 7 or 8 (got ${digits})`)
  }
}
