/**
 * Sessions and their rotating refresh tokens. A refresh token is single use: rotating swaps
 * the session's current hash with one conditional UPDATE, so of two concurrent refreshes only
 * one wins. Presenting an already-rotated token means it was stolen or replayed: the whole
 * session is revoked.
 */
import { randomUUID } from 'node:crypto'
import { addDays } from '../clock'
import type { SessionStrength, SessionsTable } from '../db/schema'
import { toIso } from '../db/time'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { countsAsOtpStrength } from '../otp/credential-usable'
import { issueAccessToken, newRefreshToken, refreshTokenSessionId, sha256Hex } from './tokens'

export interface IssuedTokens {
  sessionId: string
  accessToken: string
  accessTokenExpiresAt: string
  refreshToken: string
  refreshTokenExpiresAt: string
}

export async function createSession(
  ctx: ServerContext,
  userId: string,
  strength: SessionStrength,
  strengthCredentialId: string | null,
): Promise<IssuedTokens> {
  const id = randomUUID()
  const now = ctx.clock.realNow()
  const expiresAt = addDays(now, ctx.config.refreshTokenTtlDays)
  const refresh = newRefreshToken(id)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id,
        user_id: userId,
        refresh_token_hash: refresh.hash,
        strength,
        strength_credential_id: strengthCredentialId,
        created_at: toIso(now),
        expires_at: toIso(expiresAt),
        revoked_at: null,
        revoked_reason: null,
        rotated_count: 0,
        last_used_at: toIso(now),
      })
      .execute()
    await trx
      .insertInto('refresh_tokens')
      .values({ token_hash: refresh.hash, session_id: id, issued_at: toIso(now), rotated_at: null })
      .execute()
  })
  const access = issueAccessToken(ctx, id)
  return {
    sessionId: id,
    accessToken: access.token,
    accessTokenExpiresAt: toIso(access.expiresAt),
    refreshToken: refresh.token,
    refreshTokenExpiresAt: toIso(expiresAt),
  }
}

export async function revokeSession(
  ctx: ServerContext,
  sessionId: string,
  reason: string,
): Promise<void> {
  await ctx.db
    .updateTable('sessions')
    .set({ revoked_at: toIso(ctx.clock.realNow()), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute()
}

const invalidRefresh = () =>
  new MagDomainError(
    'refresh-token-invalid',
    'The refresh token is invalid, expired or revoked; sign in again',
  )

export async function rotateRefreshToken(
  ctx: ServerContext,
  refreshToken: string,
  ip: string,
): Promise<IssuedTokens & { userId: string }> {
  const sessionId = refreshTokenSessionId(refreshToken)
  if (sessionId === null) throw invalidRefresh()
  const presentedHash = sha256Hex(refreshToken)
  const session = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (session === undefined) throw invalidRefresh()
  const now = ctx.clock.realNow()
  if (session.revoked_at !== null || session.expires_at <= toIso(now)) throw invalidRefresh()

  const next = newRefreshToken(sessionId)
  const swapped = await ctx.db
    .updateTable('sessions')
    .set((eb) => ({
      refresh_token_hash: next.hash,
      rotated_count: eb('rotated_count', '+', 1),
      last_used_at: toIso(now),
    }))
    .where('id', '=', sessionId)
    .where('refresh_token_hash', '=', presentedHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()

  if (Number(swapped.numUpdatedRows) !== 1) {
    const known = await ctx.db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where('token_hash', '=', presentedHash)
      .where('session_id', '=', sessionId)
      .executeTakeFirst()
    if (known !== undefined) {
      await revokeSession(ctx, sessionId, 'refresh-token-reuse')
      await ctx.audit({
        type: 'auth.refresh-token-reuse',
        userId: session.user_id,
        ip,
        detail: { sessionId },
      })
      throw new MagDomainError(
        'refresh-token-reused',
        'This refresh token was already used; the session has been signed out for safety',
      )
    }
    throw invalidRefresh()
  }
  await ctx.db
    .updateTable('refresh_tokens')
    .set({ rotated_at: toIso(now) })
    .where('token_hash', '=', presentedHash)
    .execute()
  await ctx.db
    .insertInto('refresh_tokens')
    .values({
      token_hash: next.hash,
      session_id: sessionId,
      issued_at: toIso(now),
      rotated_at: null,
    })
    .execute()
  const access = issueAccessToken(ctx, sessionId)
  return {
    sessionId,
    userId: session.user_id,
    accessToken: access.token,
    accessTokenExpiresAt: toIso(access.expiresAt),
    refreshToken: next.token,
    refreshTokenExpiresAt: session.expires_at,
  }
}

/**
 * The strength a session has now: its OTP strength lapses when the credential that gave it
 * expires (plus grace), is locked or revoked.
 */
export async function effectiveStrength(
  ctx: ServerContext,
  session: Pick<SessionsTable, 'strength' | 'strength_credential_id'>,
): Promise<{ strength: SessionStrength; credentialId: string | null }> {
  if (session.strength === 'password' || session.strength_credential_id === null) {
    return { strength: 'password', credentialId: null }
  }
  const credential = await ctx.db
    .selectFrom('credentials')
    .select(['status', 'expires_at'])
    .where('id', '=', session.strength_credential_id)
    .executeTakeFirst()
  if (
    credential === undefined ||
    !countsAsOtpStrength(credential, ctx.clock.calendarNow(), ctx.config.renewalGraceDays)
  ) {
    return { strength: 'password', credentialId: null }
  }
  return { strength: session.strength, credentialId: session.strength_credential_id }
}
