/**
 * The wrong-password counter as a reservation, so the sign-in pause holds under concurrency.
 *
 * Reading locked_until and verifying the password afterwards (argon2 takes tens of
 * milliseconds) lets every request of a simultaneous burst pass the check before any of them
 * is counted. Instead, a request first takes an attempt with one conditional UPDATE
 * (increment only while below the threshold and not paused); only then is its password
 * verified. A wrong password keeps its attempt, and the one that reaches the threshold
 * pauses the account; a right one resets the count. So at most signInLockThreshold wrong
 * passwords are ever tried before the pause, on any number of instances.
 */
import { toIso } from '../db/time'
import type { ServerContext } from '../context'

/**
 * How long a request waits while the counter is full of attempts still being verified. They
 * take an argon2 verification; one that never comes back (its process died) counts as a
 * failure, so after this long the account is paused rather than left refusing sign-in while
 * not paused.
 */
const fullCounterWaitMs = 5_000
const fullCounterPollMs = 20

export type PasswordAttempt =
  { ok: true; attempt: number } | { ok: false; lockedUntil: string; lockedNow: boolean }

function pauseEnd(ctx: ServerContext): string {
  return toIso(new Date(ctx.clock.realNow().getTime() + ctx.config.signInLockMinutes * 60_000))
}

/** Takes one password attempt for the account, or answers until when it is paused. */
export async function reservePasswordAttempt(
  ctx: ServerContext,
  userId: string,
): Promise<PasswordAttempt> {
  const threshold = ctx.config.signInLockThreshold
  const deadline = Date.now() + fullCounterWaitMs
  for (;;) {
    const now = toIso(ctx.clock.realNow())
    const row = await ctx.db
      .updateTable('users')
      .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
      .where('id', '=', userId)
      .where('failed_sign_ins', '<', threshold)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_sign_ins')
      .executeTakeFirst()
    if (row !== undefined) return { ok: true, attempt: Number(row.failed_sign_ins) }

    const current = await ctx.db
      .selectFrom('users')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    if (current.locked_until !== null && current.locked_until > now) {
      return { ok: false, lockedUntil: current.locked_until, lockedNow: false }
    }
    // Below the threshold again (a right password reset it, or a pause ran out): take it.
    if (Number(current.failed_sign_ins) < threshold) continue
    if (Date.now() >= deadline) {
      const until = pauseEnd(ctx)
      const paused = await ctx.db
        .updateTable('users')
        .set({ locked_until: until, failed_sign_ins: 0 })
        .where('id', '=', userId)
        .where('failed_sign_ins', '>=', threshold)
        .executeTakeFirst()
      if (Number(paused.numUpdatedRows) === 1) {
        return { ok: false, lockedUntil: until, lockedNow: true }
      }
      continue
    }
    await new Promise((resolve) => setTimeout(resolve, fullCounterPollMs))
  }
}

/**
 * A right password ends the run of consecutive failures. It never lifts a pause that a
 * concurrent wrong password set meanwhile: the pause is for whoever comes next.
 */
export async function resetPasswordFailures(ctx: ServerContext, userId: string): Promise<void> {
  const now = toIso(ctx.clock.realNow())
  await ctx.db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute()
}

/**
 * The attempt that reached the threshold was wrong: pause the account. The count starts again
 * from zero, so the pause running out gives a fresh run of attempts.
 */
export async function pauseAfterFailures(ctx: ServerContext, userId: string): Promise<string> {
  const until = pauseEnd(ctx)
  await ctx.db
    .updateTable('users')
    .set({ locked_until: until, failed_sign_ins: 0 })
    .where('id', '=', userId)
    .execute()
  return until
}
