/**
 * The purchase rules that need the database: a renewal only for the buyer's own renewable
 * credential, and no new credential of a type while one of that type can still be renewed.
 * Each throws a MagDomainError with a stable code; callers run them at add-to-cart, at checkout
 * and again when payment completes, so no client can talk its way past them.
 */
import type { Kysely } from 'kysely'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import type { CredentialType, CredentialsTable, Database } from '../db/schema'
import { renewalEligibility } from './eligibility'
import { renewalProductFor, type Product } from './catalogue'

type Db = Kysely<Database>

export async function assertRenewable(
  ctx: ServerContext,
  db: Db,
  userId: string,
  credentialId: string | null,
  product: Product,
): Promise<CredentialsTable> {
  if (credentialId === null) {
    throw new MagDomainError(
      'renewal-not-eligible',
      'A renewal must name the credential it renews (credentialId).',
      { field: 'credentialId' },
    )
  }
  const credential = await db
    .selectFrom('credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .executeTakeFirst()
  // Another user's credential is answered exactly like a missing one.
  if (credential === undefined || credential.user_id !== userId) {
    throw new MagDomainError(
      'renewal-not-eligible',
      'There is no such credential on your account.',
      {
        credentialId,
        reason: 'not-found',
      },
    )
  }
  if (credential.type !== product.credentialType) {
    throw new MagDomainError(
      'renewal-not-eligible',
      `${product.name} renews a ${product.credentialType} credential; this one is a ${credential.type}.`,
      {
        credentialId,
        reason: 'wrong-product',
        renewProductId: renewalProductFor(credential.type).id,
      },
    )
  }
  const verdict = renewalEligibility(
    { status: credential.status, expiresAt: new Date(credential.expires_at) },
    ctx.clock.calendarNow(),
    ctx.config.renewalGraceDays,
  )
  if (!verdict.eligible) {
    throw new MagDomainError('renewal-not-eligible', verdict.message, {
      credentialId,
      reason: verdict.reason,
      expiresAt: credential.expires_at,
    })
  }
  return credential
}

/** The user's credential of this type that can be renewed right now, if any. */
export async function findRenewableCredential(
  ctx: ServerContext,
  db: Db,
  userId: string,
  type: CredentialType,
): Promise<CredentialsTable | undefined> {
  const candidates = await db
    .selectFrom('credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .where('status', 'in', ['active', 'locked'])
    .orderBy('expires_at', 'desc')
    .execute()
  const now = ctx.clock.calendarNow()
  return candidates.find(
    (c) =>
      renewalEligibility(
        { status: c.status, expiresAt: new Date(c.expires_at) },
        now,
        ctx.config.renewalGraceDays,
      ).eligible,
  )
}

export async function assertNoRenewalAvailable(
  ctx: ServerContext,
  db: Db,
  userId: string,
  product: Product,
): Promise<void> {
  const renewable = await findRenewableCredential(ctx, db, userId, product.credentialType)
  if (renewable === undefined) return
  const renewal = renewalProductFor(product.credentialType)
  throw new MagDomainError(
    'renewal-available',
    `Your ${product.credentialType} credential can still be renewed (it expires ${renewable.expires_at}); ` +
      `renew it with "${renewal.name}" instead of buying a second credential.`,
    {
      credentialId: renewable.id,
      renewProductId: renewal.id,
      expiresAt: renewable.expires_at,
    },
  )
}
