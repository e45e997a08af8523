/** Elevate: a valid OTP raises the current session's strength without signing out. */
import type { AuthInfo, ServerContext } from '../context'
import type { SessionStrength } from '../db/schema'
import { proveOtp } from './prove-otp'

export async function elevateSession(
  ctx: ServerContext,
  auth: AuthInfo,
  code: string,
  credentialId: string | undefined,
  ip: string,
): Promise<{ strength: SessionStrength; credentialId: string }> {
  const proof = await proveOtp(ctx, {
    userId: auth.userId,
    code,
    credentialId,
    ip,
    failureEvent: (picked, reason) => ({
      type: 'auth.elevate-failed',
      userId: auth.userId,
      ip,
      detail: { sessionId: auth.sessionId, credentialId: picked, reason },
    }),
  })
  await ctx.db
    .updateTable('sessions')
    .set({ strength: proof.strength, strength_credential_id: proof.credentialId })
    .where('id', '=', auth.sessionId)
    .execute()
  await ctx.audit({
    type: 'auth.elevate',
    userId: auth.userId,
    ip,
    detail: { sessionId: auth.sessionId, ...proof },
  })
  return proof
}
