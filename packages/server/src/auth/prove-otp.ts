/**
 * The OTP step shared by sign-in-with-OTP and Elevate: pick the credential the code is meant
 * for, verify it, and answer the strength it proves. A failure is audited under the caller's
 * own event (sign-in and elevate failures are different security events) and thrown as the
 * OTP error the client understands.
 */
import type { CredentialType } from '../db/schema'
import type { AuditEvent, ServerContext } from '../context'
import { otpFailureError } from '../otp/otp-errors'
import { pickCredentialForCode } from '../otp/pick-credential'
import { verifyCredentialCode, type VerifyFailureReason } from '../otp/verify'

export interface OtpProof {
  credentialId: string
  strength: CredentialType
}

export async function proveOtp(
  ctx: ServerContext,
  request: {
    userId: string
    code: string
    credentialId: string | undefined
    ip: string
    failureEvent(credentialId: string, reason: VerifyFailureReason): AuditEvent
  },
): Promise<OtpProof> {
  const { userId, code, ip } = request
  const picked = await pickCredentialForCode(ctx, userId, code, request.credentialId)
  const result = await verifyCredentialCode(ctx, picked, code, { ip })
  if (!result.ok) {
    await ctx.audit(request.failureEvent(picked, result.reason))
    throw otpFailureError(result.reason)
  }
  const credential = await ctx.db
    .selectFrom('credentials')
    .select('type')
    .where('id', '=', picked)
    .executeTakeFirstOrThrow()
  return { credentialId: picked, strength: credential.type }
}
