/**
 * A credential looked up by id for the signed-in user. Someone else's credential is answered
 * exactly like a missing one, so ids cannot be probed across accounts.
 */
import type { CredentialsTable } from '../db/schema'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'

export async function findOwnCredential(
  ctx: ServerContext,
  userId: string,
  credentialId: string,
): Promise<CredentialsTable> {
  const credential = await ctx.db
    .selectFrom('credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (credential === undefined) {
    throw new MagDomainError('credential-not-found', 'There is no such credential on your account.')
  }
  return credential
}
