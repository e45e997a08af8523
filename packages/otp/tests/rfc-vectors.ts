import type { Algorithm } from '../src/parameters'

/** RFC 4226 Appendix D: HOTP of the ASCII seed "12345678901234567890", counters 0–9. */
export const RFC4226_SECRET = new TextEncoder().encode('12345678901234567890')
export const RFC4226_CODES = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
]

/** RFC 6238 Appendix B: one seed per algorithm (20, 32 and 64 bytes), 8 digits, 30 s steps. */
export const RFC6238_SEEDS: Record<Algorithm, Uint8Array> = {
  SHA1: new TextEncoder().encode('12345678901234567890'),
  SHA256: new TextEncoder().encode('12345678901234567890123456789012'),
  SHA512: new TextEncoder().encode(
    '1234567890123456789012345678901234567890123456789012345678901234',
  ),
}

export const RFC6238_VECTORS: { seconds: number; codes: Record<Algorithm, string> }[] = [
  { seconds: 59, codes: { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' } },
  { seconds: 1111111109, codes: { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' } },
  { seconds: 1111111111, codes: { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' } },
  { seconds: 1234567890, codes: { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' } },
  { seconds: 2000000000, codes: { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' } },
  { seconds: 20000000000, codes: { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' } },
]
