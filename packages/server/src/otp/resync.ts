/**
 * Resync: two consecutive codes from the credential unlock it and re-anchor replay
 * protection at the later step. Works for locked and active credentials of the caller.
 */
import { toIso } from '../db/time'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { isExpired } from './credential-usable'
import { findOwnCredential } from './own-credential'
import { checkOtpRateLimits, verifyTwoConsecutiveCodes } from './verify'

export interface ResyncRequest {
  userId: string
  credentialId: string
  /** Two consecutive codes, in order. */
  code1: string
  code2: string
  ip: string
}

export async function resyncCredential(
  ctx: ServerContext,
  { userId, credentialId, code1, code2, ip }: ResyncRequest,
): Promise<{ status: 'active' }> {
  const credential = await findOwnCredential(ctx, userId, credentialId)
  if (!(await checkOtpRateLimits(ctx, userId, ip))) {
    throw new MagDomainError('rate-limited', 'Too many attempts; wait a minute and try again')
  }
  if (
    (credential.status !== 'locked' && credential.status !== 'active') ||
    credential.secret_encrypted === null
  ) {
    throw new MagDomainError(
      'credential-inactive',
      'Only an active or locked credential can be resynced',
    )
  }
  if (isExpired(credential.expires_at, ctx.clock.calendarNow(), ctx.config.renewalGraceDays)) {
    throw new MagDomainError(
      'credential-expired',
      'The credential has expired; buy a new credential',
    )
  }
  const secret = ctx.secrets.decrypt(credential.secret_encrypted)
  const match = verifyTwoConsecutiveCodes(secret, code1, code2, ctx.clock.realNow())
  const lastStep =
    credential.last_accepted_step === null ? null : Number(credential.last_accepted_step)
  if (!match.ok || (lastStep !== null && match.step - 1 <= lastStep)) {
    await ctx.audit({
      type: 'otp.resync-failed',
      userId,
      ip,
      detail: { credentialId, reason: match.ok ? 'replayed' : 'invalid' },
    })
    throw new MagDomainError(
      'resync-failed',
      'The two codes are not consecutive current codes of this credential; enter two fresh consecutive codes',
    )
  }
  const updated = await ctx.db
    .updateTable('credentials')
    .set({
      status: 'active',
      consecutive_failures: 0,
      locked_at: null,
      last_accepted_step: match.step,
      // Two consecutive codes prove the seed, as a confirm would for a never-confirmed one.
      activated_at: credential.activated_at ?? toIso(ctx.clock.calendarNow()),
    })
    .where('id', '=', credentialId)
    .where('status', '=', credential.status)
    .where((eb) =>
      eb.or([eb('last_accepted_step', 'is', null), eb('last_accepted_step', '<', match.step - 1)]),
    )
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new MagDomainError(
      'resync-conflict',
      'The credential changed meanwhile; try again with fresh codes',
    )
  }
  await ctx.audit({
    type: 'otp.resync',
    userId,
    ip,
    detail: {
      credentialId,
      wasLocked: credential.status === 'locked',
      at: toIso(ctx.clock.realNow()),
    },
  })
  return { status: 'active' }
}
