/**
 * Sign-in with email or username and password, optionally with an OTP in the same request.
 * Rate-limited per account and per address; repeated wrong passwords pause the account (each
 * attempt counted in the database before its password is verified, so a simultaneous burst
 * cannot get more passwords tried).
 * Unknown accounts cost the same argon2 work as known ones.
 */
import type { SessionStrength } from '../db/schema'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { hitRateLimit } from '../rate-limit'
import { dummyPasswordHash, verifyPassword } from './password'
import {
  pauseAfterFailures,
  reservePasswordAttempt,
  resetPasswordFailures,
} from './password-attempts'
import { proveOtp } from './prove-otp'
import { createSession, type IssuedTokens } from './sessions'

export interface SignInInput {
  identifier: string
  password: string
  otp?: string | undefined
  credentialId?: string | undefined
}

export interface SignInResult extends IssuedTokens {
  userId: string
  strength: SessionStrength
}

const badCredentials = () =>
  new MagDomainError('invalid-credentials', 'The email/username or password is not correct')

export async function signIn(
  ctx: ServerContext,
  input: SignInInput,
  ip: string,
): Promise<SignInResult> {
  const identifier = input.identifier.trim().toLowerCase()
  const now = ctx.clock.realNow()
  const { signInPerAccount, signInPerAddress } = ctx.config.rateLimits
  const byAddress = await hitRateLimit(ctx.db, `sign-in:ip:${ip}`, signInPerAddress, now)
  const user = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('email', '=', identifier), eb('username', '=', identifier)]))
    .executeTakeFirst()
  // An account is counted by its id, so its email and its username share one limit.
  const byAccount = await hitRateLimit(
    ctx.db,
    user === undefined ? `sign-in:account:name:${identifier}` : `sign-in:account:id:${user.id}`,
    signInPerAccount,
    now,
  )
  if (!byAddress.allowed || !byAccount.allowed) {
    await ctx.audit({ type: 'auth.sign-in-rate-limited', ip, detail: { identifier } })
    throw new MagDomainError(
      'rate-limited',
      'Too many sign-in attempts; wait a minute and try again',
      {
        retryAfterSeconds: Math.max(byAddress.retryAfterSeconds, byAccount.retryAfterSeconds),
      },
    )
  }

  if (user === undefined) {
    await verifyPassword(await dummyPasswordHash(), input.password)
    await ctx.audit({
      type: 'auth.sign-in-failed',
      ip,
      detail: { identifier, reason: 'unknown-account' },
    })
    throw badCredentials()
  }
  // The attempt is counted before the password is verified: see password-attempts.ts.
  const reserved = await reservePasswordAttempt(ctx, user.id)
  if (!reserved.ok) {
    if (reserved.lockedNow) {
      await ctx.audit({
        type: 'auth.account-locked',
        userId: user.id,
        ip,
        detail: { until: reserved.lockedUntil, reason: 'attempts-unresolved' },
      })
    }
    await ctx.audit({
      type: 'auth.sign-in-failed',
      userId: user.id,
      ip,
      detail: { reason: 'account-locked' },
    })
    throw new MagDomainError(
      'account-locked',
      'Too many wrong passwords; sign-in is paused for this account',
      {
        lockedUntil: reserved.lockedUntil,
      },
    )
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await recordPasswordFailure(ctx, user.id, ip, reserved.attempt)
    throw badCredentials()
  }
  await resetPasswordFailures(ctx, user.id)
  if (Number(user.disabled) !== 0) {
    await ctx.audit({
      type: 'auth.sign-in-failed',
      userId: user.id,
      ip,
      detail: { reason: 'disabled' },
    })
    throw new MagDomainError('account-disabled', 'This account is disabled')
  }

  let strength: SessionStrength = 'password'
  let credentialId: string | null = null
  if (input.otp !== undefined) {
    const proof = await proveOtp(ctx, {
      userId: user.id,
      code: input.otp,
      credentialId: input.credentialId,
      ip,
      failureEvent: (picked, reason) => ({
        type: 'auth.sign-in-failed',
        userId: user.id,
        ip,
        detail: { reason: `otp-${reason}`, credentialId: picked },
      }),
    })
    strength = proof.strength
    credentialId = proof.credentialId
  }
  const tokens = await createSession(ctx, user.id, strength, credentialId)
  await ctx.audit({
    type: 'auth.sign-in',
    userId: user.id,
    ip,
    detail: { sessionId: tokens.sessionId, strength, credentialId },
  })
  return { ...tokens, userId: user.id, strength }
}

/** A wrong password keeps its attempt; the attempt that reaches the threshold pauses. */
async function recordPasswordFailure(
  ctx: ServerContext,
  userId: string,
  ip: string,
  failures: number,
): Promise<void> {
  await ctx.audit({
    type: 'auth.sign-in-failed',
    userId,
    ip,
    detail: { reason: 'wrong-password', failures },
  })
  if (failures >= ctx.config.signInLockThreshold) {
    const until = await pauseAfterFailures(ctx, userId)
    await ctx.audit({ type: 'auth.account-locked', userId, ip, detail: { until } })
  }
}
