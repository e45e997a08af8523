import { createHmac } from 'node:crypto'

/**
 * The one independent RFC 4648 / 4226 / 6238 implementation the tests check the OTP core
 * against: written from the RFCs on node:crypto, sharing no code with packages/otp/src (no
 * otplib, no @scure/base), so a code the app, the service or the CLI computes is compared
 * with one it did not compute. Every test in the repository that needs a reference code
 * imports this file; do not write another.
 */

export type ReferenceAlgorithm = 'SHA1' | 'SHA256' | 'SHA512'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 §6 decoding of an upper- or lower-case secret; padding and spaces ignored. */
export function referenceBase32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`not base32: ${char}`)
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 4648 §6 encoding without padding, the form otpauth links carry. */
export function referenceBase32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** RFC 4226 §5.3: HMAC of the 8-byte counter, dynamic truncation, modulo 10^digits. */
export function referenceHotp(
  secret: Uint8Array,
  counter: number,
  options: { algorithm?: ReferenceAlgorithm; digits?: number } = {},
): string {
  const digits = options.digits ?? 6
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac((options.algorithm ?? 'SHA1').toLowerCase(), secret)
    .update(message)
    .digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** RFC 6238 §4 with T0 = 0: the HOTP of floor(unix seconds / period). */
export function referenceTotp(
  secret: Uint8Array,
  unixMs: number,
  options: { algorithm?: ReferenceAlgorithm; digits?: number; period?: number } = {},
): string {
  const step = Math.floor(Math.floor(unixMs / 1000) / (options.period ?? 30))
  return referenceHotp(secret, step, options)
}
