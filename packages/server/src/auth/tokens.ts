/**
 * Access tokens are signed, short-lived and name their session; the session row is still
 * read on every request, so sign-out and revocation take effect at once on every instance.
 * Refresh tokens are random, name their session, and are stored only as SHA-256 hashes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ServerContext } from '../context'

const ACCESS_PREFIX = 'mat1'
const REFRESH_PREFIX = 'mrt1'

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function issueAccessToken(
  ctx: ServerContext,
  sessionId: string,
): { token: string; expiresAt: Date } {
  const expiresAt = new Date(
    ctx.clock.realNow().getTime() + ctx.config.accessTokenTtlSeconds * 1000,
  )
  const payload = `${ACCESS_PREFIX}.${sessionId}.${expiresAt.getTime()}`
  return { token: `${payload}.${ctx.sign(payload)}`, expiresAt }
}

/** The session id of a valid, unexpired access token, else null. */
export function readAccessToken(ctx: ServerContext, token: string): string | null {
  const parts = token.split('.')
  if (parts.length !== 4 || parts[0] !== ACCESS_PREFIX) return null
  const [prefix, sessionId, exp, signature] = parts as [string, string, string, string]
  const expected = Buffer.from(ctx.sign(`${prefix}.${sessionId}.${exp}`))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  if (!/^\d+$/.test(exp) || Number(exp) <= ctx.clock.realNow().getTime()) return null
  return sessionId
}

export function newRefreshToken(sessionId: string): { token: string; hash: string } {
  const token = `${REFRESH_PREFIX}.${sessionId}.${randomBytes(32).toString('base64url')}`
  return { token, hash: sha256Hex(token) }
}

export function refreshTokenSessionId(token: string): string | null {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== REFRESH_PREFIX || parts[1] === '') return null
  return parts[1] ?? null
}

/** Opaque random token (launch tickets), returned with its hash. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: sha256Hex(token) }
}
