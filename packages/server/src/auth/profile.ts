/**
 * The signed-in user's profile: who, which organisation, the session, and the strength the
 * session has now with the credential behind it. A query and its row mapping, kept out of
 * the route handler.
 */
import type { Profile } from '@mag/mag-contract'
import type { AuthInfo, ServerContext } from '../context'
import { MagDomainError } from '../errors'

export async function loadProfile(ctx: ServerContext, auth: AuthInfo): Promise<Profile> {
  const row = await ctx.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.username',
      'users.display_name',
      'organizations.id as orgId',
      'organizations.name as orgName',
      'sessions.created_at as sessionCreatedAt',
      'sessions.expires_at as sessionExpiresAt',
    ])
    .where('users.id', '=', auth.userId)
    .where('sessions.id', '=', auth.sessionId)
    .executeTakeFirst()
  if (row === undefined)
    throw new MagDomainError('unauthenticated', 'This session has ended; sign in again')
  const credential =
    auth.strengthCredentialId === null
      ? undefined
      : await ctx.db
          .selectFrom('credentials')
          .select(['id', 'type', 'expires_at'])
          .where('id', '=', auth.strengthCredentialId)
          .executeTakeFirst()
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    displayName: row.display_name,
    organization: { id: row.orgId, name: row.orgName },
    strength: auth.strength,
    strengthCredential:
      credential === undefined
        ? null
        : { id: credential.id, type: credential.type, expiresAt: credential.expires_at },
    session: {
      id: auth.sessionId,
      createdAt: row.sessionCreatedAt,
      expiresAt: row.sessionExpiresAt,
    },
  }
}
