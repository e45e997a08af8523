import { createHmac } from 'node:crypto'
import {
  dynamicTruncate,
  normalizeHashAlgorithm,
  truncateDigits,
  validateSecret,
  type HashAlgorithm,
} from '@otplib/core'
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node'
import { createGuardrails } from 'otplib'
import type { Algorithm } from './parameters'

/**
 * TOTP/HOTP on otplib with Node's crypto, synchronous so that a thousand codes are one
 * tight loop in the main process rather than a thousand awaited promises.
 *
 * Why not otplib's `generateSync` per code: it re-validates every option, normalises the
 * algorithm name twice, builds a crypto context, a BigInt counter and a copy of the digest
 * on every call, which made a code cost ~3× a bare HMAC (bench: 0.31× a createHmac loop).
 * Here otplib's own checks run once per secret (validateSecret, against the same
 * guardrails) and once per algorithm (normalizeHashAlgorithm, checked against the node
 * crypto plugin's list at load), and each code is its RFC 4226 §5.3 steps: HMAC,
 * otplib's dynamicTruncate, otplib's truncateDigits.
 *
 * Measured and rejected: a KeyObject per secret (crypto.createSecretKey) made no code
 * faster here, and a cached key would outlive a caller wiping the secret's bytes.
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

/**
 * Secret-length policy lives in the base32 decoder (what users may enter); the engine
 * computes codes for whatever bytes the vault holds, including RFC test seeds.
 */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES: 1024 })

const nodeCrypto = new NodeCryptoPlugin()

/** Our algorithm names as otplib spells them, each checked once against the plugin. */
const HASH: Record<Algorithm, HashAlgorithm> = {
  SHA1: supportedHash('SHA1'),
  SHA256: supportedHash('SHA256'),
  SHA512: supportedHash('SHA512'),
}

/**
 * Secrets already checked against the guardrails. A Uint8Array's length cannot change, so
 * the check stays true for the array's life; the WeakSet lets it be collected with it.
 */
const checkedSecrets = new WeakSet<Uint8Array>()

/** RFC 4226 HOTP value of `secret` at `counter`. */
export function hotp(secret: Uint8Array, counter: number, options: HotpOptions): string {
  checkDigits(options.digits)
  checkCounter(counter)
  return code(secret, counter, options)
}

/** RFC 6238 TOTP value of `secret` at `nowMs` (T0 = 0). */
export function totp(secret: Uint8Array, nowMs: number, options: TotpOptions): string {
  checkDigits(options.digits)
  // Whole seconds first, as otplib counts them: a step boundary stays exact.
  return code(secret, stepOf(nowMs, options.period), options)
}

/** The current code, the next one, and when the current one expires. */
export function totpWindow(secret: Uint8Array, nowMs: number, options: TotpOptions): TotpWindow {
  checkDigits(options.digits)
  const step = stepOf(nowMs, options.period)
  return {
    code: code(secret, step, options),
    nextCode: code(secret, step + 1, options),
    validUntil: (step + 1) * options.period * 1000,
  }
}

/** The RFC 6238 time step (T0 = 0) that `nowMs` falls in. */
export function stepOf(nowMs: number, period: number): number {
  if (!Number.isFinite(nowMs) || nowMs < 0) {
    throw new RangeError(`time must be a finite, non-negative number of ms (got ${nowMs})`)
  }
  if (!Number.isInteger(period) || period < 1 || period > 3600) {
    throw new RangeError(`period must be a whole number of seconds from 1 to 3600 (got ${period})`)
  }
  return Math.floor(Math.floor(nowMs / 1000) / period)
}

function code(secret: Uint8Array, counter: number, options: HotpOptions): string {
  if (!checkedSecrets.has(secret)) {
    validateSecret(secret, guardrails)
    checkedSecrets.add(secret)
  }
  const digest = createHmac(HASH[options.algorithm], secret).update(counterBytes(counter)).digest()
  return truncateDigits(dynamicTruncate(digest), options.digits)
}

/** The 8-byte big-endian counter of RFC 4226 §5.2, without a BigInt per code. */
function counterBytes(counter: number): Buffer {
  const bytes = Buffer.allocUnsafe(8)
  bytes.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0)
  bytes.writeUInt32BE(counter >>> 0, 4)
  return bytes
}

function supportedHash(algorithm: Algorithm): HashAlgorithm {
  return normalizeHashAlgorithm(algorithm, {
    supported: nodeCrypto.algorithms,
    plugin: nodeCrypto.name,
  })
}

/** otplib accepts any length its hooks can encode; codes here are always 6–8 digits. */
function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError(`digits must be 6, 7 or 8 (got ${digits})`)
  }
}

function checkCounter(counter: number): void {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new RangeError(`counter must be a whole number from 0 to 2^53 − 1 (got ${counter})`)
  }
}
