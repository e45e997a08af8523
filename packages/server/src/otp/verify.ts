/**
 * Server-side OTP verification for a stored credential (RFC 6238 §5.2, NIST SP 800-63B):
 * real time, current step ±1, a step accepted at most once per credential (replay refused,
 * enforced by one conditional UPDATE so concurrent requests on any instance cannot both
 * win), lock after 10 consecutive failures (each attempt reserved in the database before its
 * code is judged, so a simultaneous burst cannot get more codes tried), rate limits per
 * account and per address.
 */
import type { CredentialStatus } from '../db/schema'
import { type ServerContext } from '../context'
import { hitRateLimit } from '../rate-limit'
import {
  giveBackAttempt,
  LOCK_AFTER_FAILURES,
  lockCredential,
  reserveAttempt,
  type Reservation,
} from './attempt-reservation'
import { isExpired } from './credential-usable'
import { decodeBase32, isCodeShape, matchStep, stepAt } from './totp'

/** Steps searched either side of now when re-synchronising a drifted token. */
export const RESYNC_WINDOW_STEPS = 10

export type VerifyFailureReason =
  | 'invalid'
  | 'replayed'
  | 'locked'
  | 'rate-limited'
  | 'expired'
  /** Pending (not yet activated) or revoked, or no secret issued yet. */
  | 'inactive'

export type VerifyResult = { ok: true; step: number } | { ok: false; reason: VerifyFailureReason }

export interface VerifyOptions {
  /** Caller's address, for the per-address rate limit and the audit trail. */
  ip?: string | null
  /** Activation proves a pending Desktop OTP credential with its first code. */
  allowPending?: boolean
}

export async function checkOtpRateLimits(
  ctx: ServerContext,
  userId: string,
  ip: string | null | undefined,
): Promise<boolean> {
  const now = ctx.clock.realNow()
  const account = await hitRateLimit(
    ctx.db,
    `otp:user:${userId}`,
    ctx.config.rateLimits.otpPerAccount,
    now,
  )
  if (!account.allowed) return false
  if (ip) {
    const address = await hitRateLimit(
      ctx.db,
      `otp:ip:${ip}`,
      ctx.config.rateLimits.otpPerAddress,
      now,
    )
    if (!address.allowed) return false
  }
  return true
}

export async function verifyCredentialCode(
  ctx: ServerContext,
  credentialId: string,
  code: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const credential = await ctx.db
    .selectFrom('credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .executeTakeFirst()
  if (credential === undefined) return { ok: false, reason: 'invalid' }
  const ip = options.ip ?? null
  const fail = async (reason: VerifyFailureReason): Promise<VerifyResult> => {
    await ctx.audit({
      type: 'otp.verify-failed',
      userId: credential.user_id,
      ip,
      detail: { credentialId, reason },
    })
    return { ok: false, reason }
  }

  if (!(await checkOtpRateLimits(ctx, credential.user_id, options.ip))) return fail('rate-limited')
  if (credential.status === 'locked') return fail('locked')
  const usableStatuses: CredentialStatus[] =
    options.allowPending === true ? ['active', 'pending'] : ['active']
  if (!usableStatuses.includes(credential.status) || credential.secret_encrypted === null) {
    return fail('inactive')
  }
  if (isExpired(credential.expires_at, ctx.clock.calendarNow(), ctx.config.renewalGraceDays)) {
    return fail('expired')
  }

  // The attempt is counted before the code is judged: see attempt-reservation.ts.
  const reserved = await reserveAttempt(ctx, credential.id, usableStatuses)
  if (!reserved.ok) {
    if (reserved.lockedNow) {
      await ctx.audit({
        type: 'otp.locked',
        userId: credential.user_id,
        ip,
        detail: { credentialId, failures: LOCK_AFTER_FAILURES, reason: 'attempts-unresolved' },
      })
    }
    return fail(reserved.reason)
  }
  const { reservation } = reserved

  const now = stepAt(ctx.clock.realNow())
  const key = decodeBase32(ctx.secrets.decrypt(credential.secret_encrypted))
  const step = isCodeShape(code) ? matchStep(key, code, [now - 1, now, now + 1]) : null
  if (step === null) return judgeWrongCode(ctx, credential.id, credential.user_id, ip, reservation)

  const accepted = await ctx.db
    .updateTable('credentials')
    .set({ last_accepted_step: step, consecutive_failures: 0 })
    .where('id', '=', credential.id)
    .where('status', '=', reservation.status)
    .where((eb) =>
      eb.or([eb('last_accepted_step', 'is', null), eb('last_accepted_step', '<', step)]),
    )
    .executeTakeFirst()
  if (Number(accepted.numUpdatedRows) === 1) return { ok: true, step }

  // A right code for a spent step (or a credential locked meanwhile) judged no wrong code.
  await giveBackAttempt(ctx, credential.id, reservation)
  const after = await ctx.db
    .selectFrom('credentials')
    .select('status')
    .where('id', '=', credential.id)
    .executeTakeFirst()
  return fail(after?.status === 'locked' ? 'locked' : 'replayed')
}

/** A wrong code keeps its attempt; the attempt that reaches the limit locks the credential. */
async function judgeWrongCode(
  ctx: ServerContext,
  credentialId: string,
  userId: string,
  ip: string | null,
  reservation: Reservation,
): Promise<VerifyResult> {
  const failures = reservation.attempt
  if (failures >= LOCK_AFTER_FAILURES) {
    if (await lockCredential(ctx, credentialId)) {
      await ctx.audit({ type: 'otp.locked', userId, ip, detail: { credentialId, failures } })
    }
    await ctx.audit({
      type: 'otp.verify-failed',
      userId,
      ip,
      detail: { credentialId, reason: 'locked', failures },
    })
    return { ok: false, reason: 'locked' }
  }
  await ctx.audit({
    type: 'otp.verify-failed',
    userId,
    ip,
    detail: { credentialId, reason: 'invalid', failures },
  })
  return { ok: false, reason: 'invalid' }
}

export type ConsecutiveCodesResult = { ok: true; step: number } | { ok: false }

/**
 * Finds two consecutive codes within ±RESYNC_WINDOW_STEPS of real now, for binding a
 * hardware token and for resync. `step` is the step of code2: store it as
 * last_accepted_step so neither code can be replayed afterwards.
 */
export function verifyTwoConsecutiveCodes(
  secretBase32: string,
  code1: string,
  code2: string,
  realNow: Date,
  windowSteps: number = RESYNC_WINDOW_STEPS,
): ConsecutiveCodesResult {
  if (!isCodeShape(code1) || !isCodeShape(code2)) return { ok: false }
  const key = decodeBase32(secretBase32)
  const now = stepAt(realNow)
  const candidates: number[] = []
  for (let s = now - windowSteps; s <= now + windowSteps; s++) candidates.push(s)
  let found: number | null = null
  for (const step of candidates) {
    const first = matchStep(key, code1, [step])
    const second = matchStep(key, code2, [step + 1])
    if (first !== null && second !== null && found === null) found = step + 1
  }
  return found === null ? { ok: false } : { ok: true, step: found }
}
