/**
 * The OTP failure counter as a reservation, so the lock holds under concurrency.
 *
 * Reading consecutive_failures and judging the code afterwards lets every request of a
 * simultaneous burst pass the check before any of them is counted. Instead, a request first
 * takes an attempt with one conditional UPDATE (increment only while below the limit and
 * the credential is usable); only then is its code judged. A wrong code simply keeps its
 * attempt; a right one resets the counter when it is accepted; an attempt that judged no
 * wrong code (a replayed step) gives its attempt back. So at most LOCK_AFTER_FAILURES wrong
 * codes are ever judged before the lock, on any number of instances.
 */
import type { CredentialStatus } from '../db/schema'
import { toIso } from '../db/time'
import type { ServerContext } from '../context'

export const LOCK_AFTER_FAILURES = 10
/**
 * How long a request waits while the counter is full of attempts still being judged. They
 * take milliseconds; one that never comes back (its process died) counts as a failure, so
 * after this long the credential is locked rather than left refusing codes while unlocked.
 */
const fullCounterWaitMs = 5_000
const fullCounterPollMs = 20

export interface Reservation {
  /** This attempt's number among the consecutive failures, counting itself (1-based). */
  attempt: number
  /** The status the attempt was taken under; acceptance must still find it. */
  status: CredentialStatus
  /** The replay anchor when the attempt was taken, so a give-back after a success is a no-op. */
  lastAcceptedStep: number | null
}

export type ReservationOutcome =
  | { ok: true; reservation: Reservation }
  | { ok: false; reason: 'locked' | 'inactive'; lockedNow: boolean }

/** Takes one attempt on the credential, or says why none can be taken. */
export async function reserveAttempt(
  ctx: ServerContext,
  credentialId: string,
  usableStatuses: readonly CredentialStatus[],
): Promise<ReservationOutcome> {
  const deadline = Date.now() + fullCounterWaitMs
  for (;;) {
    const row = await ctx.db
      .updateTable('credentials')
      .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', credentialId)
      .where('status', 'in', [...usableStatuses])
      .where('consecutive_failures', '<', LOCK_AFTER_FAILURES)
      .returning(['consecutive_failures', 'status', 'last_accepted_step'])
      .executeTakeFirst()
    if (row !== undefined) {
      return {
        ok: true,
        reservation: {
          attempt: Number(row.consecutive_failures),
          status: row.status,
          lastAcceptedStep: row.last_accepted_step === null ? null : Number(row.last_accepted_step),
        },
      }
    }
    const current = await ctx.db
      .selectFrom('credentials')
      .select(['status', 'consecutive_failures'])
      .where('id', '=', credentialId)
      .executeTakeFirst()
    if (current === undefined || current.status === 'locked') {
      return { ok: false, reason: 'locked', lockedNow: false }
    }
    if (!usableStatuses.includes(current.status)) {
      return { ok: false, reason: 'inactive', lockedNow: false }
    }
    // Below the limit again: a success reset it or an attempt was given back; take it.
    if (Number(current.consecutive_failures) < LOCK_AFTER_FAILURES) continue
    if (Date.now() >= deadline) {
      const lockedNow = await lockCredential(ctx, credentialId)
      return { ok: false, reason: 'locked', lockedNow }
    }
    await new Promise((resolve) => setTimeout(resolve, fullCounterPollMs))
  }
}

/**
 * Gives back an attempt that judged no wrong code. Conditional on the replay anchor being
 * unchanged: once a success (or resync) has reset the counter, the attempts counted since
 * belong to others and must not be taken away.
 */
export async function giveBackAttempt(
  ctx: ServerContext,
  credentialId: string,
  reservation: Reservation,
): Promise<void> {
  const anchor = reservation.lastAcceptedStep
  const giveBack = ctx.db
    .updateTable('credentials')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '-', 1) }))
    .where('id', '=', credentialId)
    .where('consecutive_failures', '>', 0)
  await (
    anchor === null
      ? giveBack.where('last_accepted_step', 'is', null)
      : giveBack.where('last_accepted_step', '=', anchor)
  ).execute()
}

/** Locks an active or pending credential; answers whether this call did it (audit once). */
export async function lockCredential(ctx: ServerContext, credentialId: string): Promise<boolean> {
  const locked = await ctx.db
    .updateTable('credentials')
    .set({ status: 'locked', locked_at: toIso(ctx.clock.realNow()) })
    .where('id', '=', credentialId)
    .where('status', 'in', ['active', 'pending'])
    .executeTakeFirst()
  return Number(locked.numUpdatedRows) === 1
}
