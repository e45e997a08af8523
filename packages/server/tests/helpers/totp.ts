/** Computes TOTP codes in tests with node:crypto, independently of the server's code. */
import { createHmac, randomBytes } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function randomBase32Secret(bytes = 20): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of randomBytes(bytes)) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

function base32ToBytes(secret: string): Buffer {
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of secret.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | ALPHABET.indexOf(char)
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** The current 30-second step (real time). */
export function currentStep(now: Date = new Date()): number {
  return Math.floor(now.getTime() / 30_000)
}

/** The 6-digit SHA-1 code of `step`; use currentStep() + offset for ±1 window tests. */
export function totpAt(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32ToBytes(secretBase32)).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(code).padStart(6, '0')
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
