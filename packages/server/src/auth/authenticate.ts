/** Turns a request's `Authorization: Bearer` access token into AuthInfo, or throws 401. */
import type { FastifyRequest } from 'fastify'
import type { AuthInfo, ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { toIso } from '../db/time'
import { effectiveStrength } from './sessions'
import { readAccessToken } from './tokens'

const unauthenticated = (message: string) => new MagDomainError('unauthenticated', message)

export async function authenticateRequest(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<AuthInfo> {
  const header = request.headers.authorization
  if (header === undefined || !header.startsWith('Bearer ')) {
    throw unauthenticated('Sign in first: send Authorization: Bearer <access token>')
  }
  const sessionId = readAccessToken(ctx, header.slice('Bearer '.length).trim())
  if (sessionId === null)
    throw unauthenticated('The access token is invalid or expired; refresh it or sign in')
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.user_id as userId',
      'sessions.strength',
      'sessions.strength_credential_id',
      'sessions.revoked_at',
      'sessions.expires_at',
      'users.disabled',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst()
  if (
    row === undefined ||
    row.revoked_at !== null ||
    row.expires_at <= toIso(ctx.clock.realNow())
  ) {
    throw unauthenticated('This session has ended; sign in again')
  }
  if (Number(row.disabled) !== 0) throw unauthenticated('This account is disabled')
  const effective = await effectiveStrength(ctx, row)
  return {
    userId: row.userId,
    sessionId: row.sessionId,
    strength: effective.strength,
    strengthCredentialId: effective.credentialId,
  }
}
