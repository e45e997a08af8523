import { base32 } from '@scure/base'
import { OtpInputError } from './errors'

/**
 * Secret policy, decided once for every way a secret arrives (form, link, import):
 *
 * - Case, spaces, hyphens and trailing '=' padding are ignored: issuers print secrets in
 *   groups ("jbsw y3dp ...") and RFC 3548 padding is optional in links.
 * - At least 80 bits (16 base32 characters). RFC 4226 asks for 128 bits, but many issuers
 *   still hand out 80-bit secrets, and 80 bits is also Google Authenticator's floor, so every
 *   secret that works there works here, while a half-pasted secret is still caught.
 * - At most 1024 characters (640 bytes), the limit of the manual-entry form.
 * - Leftover bits in the last character are ignored, as other authenticators do, because
 *   secret generators that pick random characters (not random bytes) produce them.
 * - A length no byte sequence can produce (1, 3 or 6 characters left over in the last group
 *   of 8) is refused: it means a character is missing or extra.
 */
export const MIN_SECRET_BYTES = 10
export const MAX_SECRET_CHARS = 1024

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
/** Characters left in the final 8-character group that encode whole bytes (RFC 4648 §6). */
const VALID_REMAINDERS = new Set([0, 2, 4, 5, 7])
/** Bits of the last character that belong to no byte, per remainder length. */
const SPARE_BITS: Record<number, number> = { 0: 0, 2: 2, 4: 4, 5: 1, 7: 3 }

/** Look-alikes users type for base32 letters; named in the error so the fix is obvious. */
const LOOKALIKES: Record<string, string> = { '0': 'O', '1': 'I or L', '8': 'B' }

/** Where the secret came from, so the message reads right: "Secret ..." or "The link's secret ...". */
export type SecretSource = 'form' | 'link'

export class Base32SecretError extends Error {
  constructor(readonly detail: string) {
    super(detail)
    this.name = 'Base32SecretError'
  }
}

/**
 * The most raw text looked at: a secret of MAX_SECRET_CHARS grouped by one separator per
 * character, with room to spare. Anything longer is refused before any other work, so a
 * megabyte pasted by mistake (or sent on purpose) costs one length check.
 */
export const MAX_SECRET_INPUT_CHARS = MAX_SECRET_CHARS * 4

/** Upper-cases and drops the separators people and issuers put into secrets. */
export function normalizeBase32(input: string): string {
  const text = input.replace(/[\s-]+/g, '')
  // Trailing '=' found by a backwards scan: the regex /=+$/ retries from every '=' of a run
  // that is not at the end, which is quadratic (15 s for 50,000 '=' followed by a letter).
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end -= 1
  // ASCII only: Unicode upper-casing would turn 'ß' into 'SS' and 'ſ' or 'ı' into base32
  // letters, silently storing a secret other than the one pasted.
  return text.slice(0, end).replace(/[a-z]+/g, (letters) => letters.toUpperCase())
}

/**
 * Decodes a base32 secret under the policy above. Throws Base32SecretError whose message
 * completes "Secret ..." (e.g. "contains '1', which is not a base32 character ...").
 */
export function decodeBase32(input: string): Uint8Array {
  if (input.length > MAX_SECRET_INPUT_CHARS) {
    throw new Base32SecretError(
      `is too long: at most ${MAX_SECRET_CHARS} base32 characters (got ${input.length} characters of text)`,
    )
  }
  const text = normalizeBase32(input)
  if (text.length === 0) throw new Base32SecretError('is empty')
  if (text.length > MAX_SECRET_CHARS) {
    throw new Base32SecretError(
      `is too long: at most ${MAX_SECRET_CHARS} base32 characters (got ${text.length})`,
    )
  }
  for (const char of text) {
    if (char === '=') throw new Base32SecretError("has '=' padding before its end")
    if (!ALPHABET.includes(char)) {
      const hint = LOOKALIKES[char] ? ` (did you mean ${LOOKALIKES[char]}?)` : ''
      throw new Base32SecretError(
        `contains '${char}', which is not a base32 character (A–Z, 2–7)${hint}`,
      )
    }
  }
  const remainder = text.length % 8
  if (!VALID_REMAINDERS.has(remainder)) {
    throw new Base32SecretError(
      `has ${text.length} characters, a length no base32 secret can have: a character is missing or extra`,
    )
  }
  const bytes = base32.decode(padGroup(clearSpareBits(text, remainder)))
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new Base32SecretError(
      `is too short: at least ${MIN_SECRET_BYTES * 8} bits (16 base32 characters), got ${text.length} characters`,
    )
  }
  return bytes
}

/** Encodes bytes as upper-case base32 without padding, the form otpauth links use. */
export function encodeBase32(bytes: Uint8Array): string {
  return base32.encode(bytes).replace(/=+$/, '')
}

/**
 * Decodes a secret typed or pasted into the manual-entry form.
 * Throws OtpInputError('invalid-secret', ..., 'secret').
 */
export function decodeBase32Secret(input: string): Uint8Array {
  return decodeSecretFrom(input, 'form')
}

/** The same decoder with the message and error code that fit where the secret came from. */
export function decodeSecretFrom(input: string, source: SecretSource): Uint8Array {
  try {
    return decodeBase32(input)
  } catch (error) {
    if (!(error instanceof Base32SecretError)) throw error
    return source === 'form'
      ? raise('invalid-secret', `Secret ${error.detail}`)
      : raise('invalid-otpauth', `The link's secret ${error.detail}`)
  }
}

function raise(code: 'invalid-secret' | 'invalid-otpauth', message: string): never {
  throw new OtpInputError(code, message, 'secret')
}

/** @scure/base refuses non-zero spare bits; other authenticators ignore them, so do we. */
function clearSpareBits(text: string, remainder: number): string {
  const spare = SPARE_BITS[remainder] ?? 0
  if (spare === 0) return text
  const last = ALPHABET.indexOf(text.charAt(text.length - 1))
  const cleared = ALPHABET.charAt(last & ~((1 << spare) - 1))
  return text.slice(0, -1) + cleared
}

function padGroup(text: string): string {
  return text.padEnd(Math.ceil(text.length / 8) * 8, '=')
}
