/**
 * Base64 as export files carry it, decoded strictly: Buffer.from(text, 'base64') skips
 * characters it does not know, so a damaged file would silently decode to other bytes.
 *
 * Decisions: whitespace is ignored (some writers wrap lines at 76 characters); both the
 * standard and the URL-safe alphabet are read (links carry either, percent-decoded or not);
 * '=' padding is optional but, when present, must be complete; a length no byte sequence can
 * have (one character over a group of four) is refused.
 */
export function decodeBase64Text(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return undefined
  const body = clean.replace(/=+$/, '')
  if (body.length % 4 === 1) return undefined
  if (clean.length !== body.length && clean.length % 4 !== 0) return undefined
  return new Uint8Array(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'))
}
