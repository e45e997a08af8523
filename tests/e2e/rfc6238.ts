/**
 * The e2e specs check the codes the app shows against the repository's one independent
 * RFC 4226 / 6238 implementation (packages/otp/tests/reference-otp.ts), which the app does
 * not use. This module only keeps the names the specs import.
 */
import {
  referenceBase32Decode,
  referenceHotp,
  referenceTotp,
  type ReferenceAlgorithm,
} from '../../packages/otp/tests/reference-otp'

export const base32Decode = referenceBase32Decode

export function hotp(secret: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
  return referenceHotp(secret, counter, { digits, algorithm: referenceAlgorithm(algorithm) })
}

export function totp(
  secret: Buffer,
  unixMs: number,
  options: { period?: number; digits?: number; algorithm?: string } = {},
): string {
  return referenceTotp(secret, unixMs, {
    ...(options.period === undefined ? {} : { period: options.period }),
    ...(options.digits === undefined ? {} : { digits: options.digits }),
    algorithm: referenceAlgorithm(options.algorithm ?? 'sha1'),
  })
}

function referenceAlgorithm(name: string): ReferenceAlgorithm {
  const upper = name.toUpperCase().replace('-', '')
  if (upper === 'SHA1' || upper === 'SHA256' || upper === 'SHA512') return upper
  throw new Error(`unknown algorithm ${name}`)
}
