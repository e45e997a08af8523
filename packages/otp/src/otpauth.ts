import { algorithmSchema, type Algorithm, type OtpauthEntry } from './parameters'
import { OtpInputError } from './errors'
import { decodeSecretFrom, encodeBase32 } from './base32'

/**
 * otpauth:// links per the Key URI Format (Google Authenticator wiki):
 *
 *   otpauth://TYPE/LABEL?secret=...&issuer=...&algorithm=...&digits=...&period=...&counter=...
 *   LABEL = account | issuer (":" | "%3A") *" " account
 *
 * Decisions where the format leaves room:
 * - The `issuer` parameter wins over the label prefix when both are present and differ
 *   (it is the field the format says to rely on; the prefix is for older readers).
 *   When the label starts with "<issuer parameter>:", that whole prefix is removed, so an
 *   issuer that itself contains ':' still round-trips.
 * - Without an `issuer` parameter, the label is split at its first colon.
 * - Issuer and account are trimmed, like the manual-entry form does; the account is required.
 * - digits may be 6, 7 or 8; period 1–3600 s; hotp needs a counter. Parameters that do not
 *   apply to the type (period on hotp, counter on totp) are ignored, as are unknown ones
 *   such as `image`.
 * - In the query '+' means a space (form encoding, which many issuers' libraries emit);
 *   in the label '+' is a literal plus, as RFC 3986 says for paths.
 * - An error quotes the faulty text only when that text cannot hold the secret: not when it
 *   mentions "secret", holds the secret parameter's value (or part of it), or is longer
 *   than any other field's value can be. A mangled separator (`digits=6;secret=...`) makes
 *   one parameter swallow the next, and error messages reach the screen and the logs.
 */

export type OtpauthField =
  'uri' | 'type' | 'label' | 'secret' | 'algorithm' | 'digits' | 'period' | 'counter'

export type { OtpauthEntry }

export const OTPAUTH_DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 } as const
const MAX_NAME_LENGTH = 200
const MAX_PERIOD = 3600
const LINK_PATTERN = /^otpauth:\/\/([^/?#]*)\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i

/** Parses an otpauth:// link. Throws OtpInputError('invalid-otpauth', message, field). */
export function parseOtpauthUri(uri: string): OtpauthEntry {
  const text = uri.trim()
  if (!/^otpauth:/i.test(text)) {
    // Name only the scheme: a mistaken paste may be a bare secret, which must not be echoed.
    const scheme = /^[a-z][a-z0-9+.-]{0,30}:/i.exec(text)?.[0]
    fail(
      'uri',
      `The link must start with otpauth://${scheme ? ` (it starts with ${quoteScheme(scheme)})` : ''}`,
    )
  }
  const match = LINK_PATTERN.exec(text)
  if (!match) fail('uri', 'The link must look like otpauth://totp/Issuer:account?secret=...')
  const [, rawType = '', rawLabel = '', rawQuery = ''] = match
  const quote = quoteUnlessSecret(secretTexts(text))

  const type = rawType.toLowerCase()
  if (type !== 'totp' && type !== 'hotp') {
    fail('type', `The link's type must be totp or hotp (got ${quote(rawType)})`)
  }

  const params = parseQuery(rawQuery, quote)
  const { issuer, label } = splitLabel(decodeLabel(rawLabel, quote), params.get('issuer'))

  const rawSecret = params.get('secret')
  if (rawSecret === undefined)
    fail('secret', "The link has no secret: its 'secret' parameter is missing")
  const secret = decodeSecretFrom(rawSecret, 'link')

  return {
    type,
    issuer,
    label,
    secret,
    algorithm: parseAlgorithm(params.get('algorithm'), quote),
    digits: parseDigits(params.get('digits'), quote),
    period: type === 'totp' ? parsePeriod(params.get('period'), quote) : OTPAUTH_DEFAULTS.period,
    counter: type === 'hotp' ? parseCounter(params.get('counter'), quote) : 0,
  }
}

/**
 * Writes the link for an entry; `parseOtpauthUri` gives the same entry back. The link holds
 * the secret in clear: it is for an export or QR code made in main, never for the renderer
 * or a log.
 */
export function writeOtpauthUri(entry: OtpauthEntry): string {
  const issuer = entry.issuer.trim()
  const account = entry.label.trim()
  // A label without an issuer prefix is split at its first colon by readers, so an account
  // containing ':' gets an empty prefix to keep its colons its own.
  const label =
    issuer !== ''
      ? `${encodeText(issuer)}:${encodeText(account)}`
      : account.includes(':')
        ? `:${encodeText(account)}`
        : encodeText(account)
  const params: [string, string][] = [['secret', encodeBase32(entry.secret)]]
  if (issuer !== '') params.push(['issuer', issuer])
  params.push(['algorithm', entry.algorithm], ['digits', String(entry.digits)])
  if (entry.type === 'totp') params.push(['period', String(entry.period)])
  else params.push(['counter', String(entry.counter)])
  const query = params.map(([key, value]) => `${key}=${encodeText(value)}`).join('&')
  return `otpauth://${entry.type}/${label}?${query}`
}

/** encodeURIComponent throws on a lone surrogate; such text can only show as U+FFFD anyway. */
function encodeText(value: string): string {
  const wellFormed = value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  )
  return encodeURIComponent(wellFormed)
}

function parseQuery(rawQuery: string, quote: Quote): Map<string, string> {
  const params = new Map<string, string>()
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const rawKey = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1)
    const key = decodeQueryPart(rawKey, 'uri', 'a parameter name', quote).toLowerCase()
    const field = fieldOfParam(key)
    // The format's own names are shown as they are; an unknown one might be swallowed text.
    const name = field === 'uri' ? quote(key) : `'${key}'`
    const value = decodeQueryPart(rawValue, field, `its ${name} parameter`, quote)
    if (params.has(key)) fail(field, `The link has more than one ${name} parameter`)
    params.set(key, value)
  }
  return params
}

function fieldOfParam(key: string): OtpauthField {
  switch (key) {
    case 'secret':
    case 'algorithm':
    case 'digits':
    case 'period':
    case 'counter':
      return key
    case 'issuer':
      // The issuer is the label's prefix in this format; the form shows both together.
      return 'label'
    default:
      return 'uri'
  }
}

function decodeQueryPart(raw: string, field: OtpauthField, what: string, quote: Quote): string {
  return decodePercent(raw.replace(/\+/g, ' '), field, what, quote)
}

function decodeLabel(raw: string, quote: Quote): string {
  return decodePercent(raw, 'label', 'its label', quote)
}

function decodePercent(raw: string, field: OtpauthField, what: string, quote: Quote): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    if (field === 'secret') fail(field, `The link has broken percent-encoding in ${what}`)
    const bad = /%(?![0-9a-f]{2})|(?:%[0-9a-f]{2})+/i.exec(raw)?.[0] ?? raw
    return fail(
      field,
      `The link has broken percent-encoding in ${what} near ${quote(bad.slice(0, 12))}`,
    )
  }
}

function splitLabel(
  decoded: string,
  issuerParam: string | undefined,
): { issuer: string; label: string } {
  const wanted = issuerParam?.trim() ?? ''
  let prefix = ''
  let account = decoded
  if (wanted !== '' && decoded.startsWith(`${wanted}:`)) {
    account = decoded.slice(wanted.length + 1)
    prefix = wanted
  } else {
    const colon = decoded.indexOf(':')
    if (colon !== -1) {
      prefix = decoded.slice(0, colon)
      account = decoded.slice(colon + 1)
    }
  }
  const issuer = wanted !== '' ? wanted : prefix.trim()
  const label = account.trim()
  if (label === '') fail('label', "The link's label has no account name")
  if (label.length > MAX_NAME_LENGTH) {
    fail(
      'label',
      `The link's account name is too long: at most ${MAX_NAME_LENGTH} characters (got ${label.length})`,
    )
  }
  if (issuer.length > MAX_NAME_LENGTH) {
    fail(
      'label',
      `The link's issuer is too long: at most ${MAX_NAME_LENGTH} characters (got ${issuer.length})`,
    )
  }
  return { issuer, label }
}

function parseAlgorithm(raw: string | undefined, quote: Quote): Algorithm {
  if (raw === undefined) return OTPAUTH_DEFAULTS.algorithm
  // Accept the spellings seen in the wild: sha1, SHA-256, Sha512.
  const parsed = algorithmSchema.safeParse(raw.trim().toUpperCase().replace(/[-_]/, ''))
  if (!parsed.success) {
    fail('algorithm', `The link's algorithm must be SHA1, SHA256 or SHA512 (got ${quote(raw)})`)
  }
  return parsed.data
}

function parseDigits(raw: string | undefined, quote: Quote): number {
  if (raw === undefined) return OTPAUTH_DEFAULTS.digits
  const digits = parseWholeNumber(raw)
  if (digits === undefined || digits < 6 || digits > 8) {
    fail('digits', `The link's digits must be 6, 7 or 8 (got ${quote(raw)})`)
  }
  return digits
}

function parsePeriod(raw: string | undefined, quote: Quote): number {
  if (raw === undefined) return OTPAUTH_DEFAULTS.period
  const period = parseWholeNumber(raw)
  if (period === undefined || period < 1 || period > MAX_PERIOD) {
    fail(
      'period',
      `The link's period must be a whole number of seconds from 1 to ${MAX_PERIOD} (got ${quote(raw)})`,
    )
  }
  return period
}

function parseCounter(raw: string | undefined, quote: Quote): number {
  if (raw === undefined) {
    fail(
      'counter',
      "The link is an hotp link without a counter: its 'counter' parameter is missing",
    )
  }
  const counter = parseWholeNumber(raw)
  if (counter === undefined) {
    fail(
      'counter',
      `The link's counter must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${quote(raw)})`,
    )
  }
  return counter
}

/** Digits only: no sign, no decimals, no exponent, no hex; within safe integers. */
function parseWholeNumber(raw: string): number | undefined {
  const text = raw.trim()
  if (!/^\d{1,16}$/.test(text)) return undefined
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : undefined
}

/** Puts a faulty value into a message, or only its length when it might hold the secret. */
type Quote = (value: string) => string

/** No field but the secret and the names has a valid value this long ('9007199254740991'). */
const MAX_QUOTED_CHARS = 16

/** Values shorter than this are too short to give away a part of a secret worth having. */
const MIN_TELLING_CHARS = 4

function quoteUnlessSecret(secrets: readonly string[]): Quote {
  return (value) => {
    if (value === '') return 'nothing'
    const text = comparable(value)
    const holdsSecret =
      /secret/i.test(value) ||
      secrets.some(
        (secret) =>
          text.includes(secret) || (text.length >= MIN_TELLING_CHARS && secret.includes(text)),
      )
    if (holdsSecret || value.length > MAX_QUOTED_CHARS) {
      return `a value of ${value.length} characters, not shown`
    }
    return `'${value}'`
  }
}

/**
 * Every text in the link that may be a secret's value: what follows each "secret=" (in any
 * case, percent-encoded or not) up to the next '&' or '#', as written and as decoded, in the
 * form comparable() gives, so a spaced or lower-case copy elsewhere is recognised too.
 */
function secretTexts(link: string): string[] {
  const found = new Set<string>()
  for (const match of link.matchAll(/secret(?:=|%3d)([^&#]*)/gi)) {
    const raw = match[1] ?? ''
    found.add(comparable(raw))
    try {
      found.add(comparable(decodeURIComponent(raw.replace(/\+/g, ' '))))
    } catch {
      // Broken percent-encoding: the raw form above is what the message could quote.
    }
  }
  found.delete('')
  return [...found]
}

/** Case, spaces, hyphens and padding do not change a base32 secret; they do not hide one. */
function comparable(value: string): string {
  return value.replace(/[\s=-]+/g, '').toUpperCase()
}

/** A scheme is shown whole (it names the kind of link pasted) unless it could be a secret. */
function quoteScheme(scheme: string): string {
  return /secret/i.test(scheme) || /^[a-z2-7]{16,}:$/i.test(scheme)
    ? `a ${scheme.length - 1}-character word, not shown`
    : `'${scheme}'`
}

function fail(field: OtpauthField, message: string): never {
  throw new OtpInputError('invalid-otpauth', message, field)
}
