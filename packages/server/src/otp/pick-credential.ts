/**
 * Which of the user's credentials an OTP is meant for. The client may name it; otherwise the
 * single usable credential, or, with several, the one whose current window matches the code
 * (so a wrong code counts against one credential only).
 */
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { countsAsOtpStrength, isExpired } from './credential-usable'
import { decodeBase32, isCodeShape, matchStep, stepAt } from './totp'

export async function pickCredentialForCode(
  ctx: ServerContext,
  userId: string,
  code: string,
  credentialId: string | undefined,
): Promise<string> {
  const credentials = await ctx.db
    .selectFrom('credentials')
    .select(['id', 'status', 'expires_at', 'secret_encrypted', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'asc')
    .execute()
  if (credentialId !== undefined) {
    if (!credentials.some((c) => c.id === credentialId)) {
      throw new MagDomainError(
        'credential-not-found',
        'credentialId: no such credential on this account',
      )
    }
    return credentialId
  }
  const calendarNow = ctx.clock.calendarNow()
  const grace = ctx.config.renewalGraceDays
  const usable = credentials.filter((c) => countsAsOtpStrength(c, calendarNow, grace))
  if (usable.length === 0) {
    const locked = credentials.find(
      (c) => c.status === 'locked' && !isExpired(c.expires_at, calendarNow, grace),
    )
    if (locked !== undefined) return locked.id
    const expired = credentials.find((c) => c.status === 'active')
    if (expired !== undefined) return expired.id
    throw new MagDomainError(
      'no-otp-credential',
      'This account has no active OTP credential; buy and activate one first',
    )
  }
  if (usable.length === 1 || !isCodeShape(code)) return usable[0]!.id
  const now = stepAt(ctx.clock.realNow())
  for (const credential of usable) {
    if (credential.secret_encrypted === null) continue
    const key = decodeBase32(ctx.secrets.decrypt(credential.secret_encrypted))
    if (matchStep(key, code, [now - 1, now, now + 1]) !== null) return credential.id
  }
  return usable[0]!.id
}
