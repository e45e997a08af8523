import { createHmac } from 'node:crypto'

/**
 * An independent RFC 4226 / RFC 6238 implementation on node:crypto, written from the RFCs
 * for the tests, so the codes the app shows are checked against something it did not compute.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error(`not base32: ${char}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export function hotp(secret: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, secret).update(message).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

export function totp(
  secret: Buffer,
  unixMs: number,
  options: { period?: number; digits?: number; algorithm?: string } = {},
): string {
  const step = Math.floor(unixMs / 1000 / (options.period ?? 30))
  return hotp(secret, step, options.digits ?? 6, options.algorithm ?? 'sha1')
}
