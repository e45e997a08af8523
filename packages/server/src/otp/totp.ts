/**
 * RFC 6238 TOTP (SHA-1, 6 digits, 30 s) on node:crypto, with constant-time comparison.
 * Pure apart from the HMAC; the caller passes the time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const STEP_SECONDS = 30
export const DIGITS = 6

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function decodeBase32(input: string): Buffer {
  const clean = input.replace(/[\s=-]/g, '').toUpperCase()
  if (clean.length === 0) throw new Error('empty base32 secret')
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error('secret is not valid base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

export function stepAt(date: Date): number {
  return Math.floor(date.getTime() / 1000 / STEP_SECONDS)
}

export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0')
}

/** Constant-time for equal lengths; a code of the wrong shape never matches. */
export function codesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given.padEnd(expected.length, '\0').slice(0, expected.length))
  return timingSafeEqual(a, b) && given.length === expected.length
}

/**
 * The step among `steps` whose code equals `code`, or null. Every candidate is compared
 * (no early exit) so timing does not tell which step matched.
 */
export function matchStep(key: Buffer, code: string, steps: readonly number[]): number | null {
  let matched: number | null = null
  for (const step of steps) {
    if (codesEqual(hotp(key, step), code) && matched === null) matched = step
  }
  return matched
}

export function isCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code)
}
