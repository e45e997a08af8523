/**
 * License keys: `MAG-XXXXX-XXXXX-XXXXX-XXXXX`, 18 random Crockford base32 characters (90 bits)
 * followed by 2 check characters, so a mistyped key is told apart from an unknown one
 * without a database lookup. Crockford's alphabet has no I, L, O or U; when reading a key
 * typed by a person, O is taken as 0 and I/L as 1, and case, spaces and dashes are ignored.
 *
 * Keys are looked up by their SHA-256 hash; the database never needs the key in clear to
 * find one.
 */
import { createHash, randomBytes } from 'node:crypto'

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const bodyLength = 18
const checkLength = 2

function checkCharacters(body: string): string {
  const digest = createHash('sha256').update(`mag-license:${body}`).digest()
  let check = ''
  for (let i = 0; i < checkLength; i++) check += alphabet[(digest[i] ?? 0) % 32]
  return check
}

function format(compact: string): string {
  const groups = compact.match(/.{5}/g) ?? []
  return `MAG-${groups.join('-')}`
}

export function generateLicenseKey(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(bodyLength)
  let body = ''
  for (const byte of bytes) body += alphabet[byte % 32]
  return format(body + checkCharacters(body))
}

export type ParsedLicenseKey =
  { ok: true; key: string } | { ok: false; reason: 'format' | 'checksum' }

/** Reads a key as a person may have typed it and answers its canonical form. */
export function parseLicenseKey(input: string): ParsedLicenseKey {
  let compact = input.toUpperCase().replace(/[\s-]/g, '')
  if (compact.startsWith('MAG')) compact = compact.slice(3)
  compact = compact.replace(/O/g, '0').replace(/[IL]/g, '1')
  if (compact.length !== bodyLength + checkLength) return { ok: false, reason: 'format' }
  for (const char of compact) if (!alphabet.includes(char)) return { ok: false, reason: 'format' }
  const body = compact.slice(0, bodyLength)
  if (checkCharacters(body) !== compact.slice(bodyLength)) return { ok: false, reason: 'checksum' }
  return { ok: true, key: format(compact) }
}

export function hashLicenseKey(canonicalKey: string): string {
  return createHash('sha256').update(canonicalKey).digest('hex')
}
