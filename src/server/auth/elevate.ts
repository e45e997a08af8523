/** Elevate: a valid OTP raises the current session's strength without signing out. */
import type { AuthInfo, ServerContext } from '../http/context'
import type { SessionStrength } from '../db/schema'
import { otpFailureError } from '../otp/otp-errors'
import { pickCredentialForCode } from '../otp/pick-credential'
import { verifyCredentialCode } from '../otp/verify'

export async function elevateSession(
  ctx: ServerContext,
  auth: AuthInfo,
  code: string,
  credentialId: string | undefined,
  ip: string,
): Promise<{ strength: SessionStrength; credentialId: string }> {
  const picked = await pickCredentialForCode(ctx, auth.userId, code, credentialId)
  const result = await verifyCredentialCode(ctx, picked, code, { ip })
  if (!result.ok) {
    await ctx.audit({
      type: 'auth.elevate-failed',
      userId: auth.userId,
      ip,
      detail: { sessionId: auth.sessionId, credentialId: picked, reason: result.reason },
    })
    throw otpFailureError(result.reason)
  }
  const credential = await ctx.db
    .selectFrom('credentials')
    .select('type')
    .where('id', '=', picked)
    .executeTakeFirstOrThrow()
  await ctx.db
    .updateTable('sessions')
    .set({ strength: credential.type, strength_credential_id: picked })
    .where('id', '=', auth.sessionId)
    .execute()
  await ctx.audit({
    type: 'auth.elevate',
    userId: auth.userId,
    ip,
    detail: { sessionId: auth.sessionId, credentialId: picked, strength: credential.type },
  })
  return { strength: credential.type, credentialId: picked }
}
