import { z } from 'zod'
import { credentialTypeSchema } from '../credential-type'
import { otpCodeSchema } from '../otp-code'
import { strengthSchema } from '../strength'
import { isoTimestamp } from './common'

export const tokensSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: isoTimestamp,
  refreshToken: z.string(),
  refreshTokenExpiresAt: isoTimestamp,
})
export type Tokens = z.infer<typeof tokensSchema>

const credentialIdField = z.string().min(1).max(64)

export const signInBody = z.object({
  identifier: z.string().trim().min(1, 'enter your email or username').max(320),
  password: z.string().min(1, 'enter your password').max(1024),
  otp: otpCodeSchema.optional(),
  credentialId: credentialIdField.optional(),
})
export type SignInBody = z.infer<typeof signInBody>

export const signInResponse = tokensSchema.extend({ userId: z.string(), strength: strengthSchema })

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(512) })

export const signOutResponse = z.object({ signedOut: z.literal(true) })

export const profileSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  displayName: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  strength: strengthSchema,
  strengthCredential: z
    .object({ id: z.string(), type: credentialTypeSchema, expiresAt: isoTimestamp })
    .nullable(),
  session: z.object({ id: z.string(), createdAt: isoTimestamp, expiresAt: isoTimestamp }),
})
export type Profile = z.infer<typeof profileSchema>

export const elevateBody = z.object({
  code: otpCodeSchema,
  credentialId: credentialIdField.optional(),
})
export const elevateResponse = z.object({ strength: strengthSchema, credentialId: z.string() })

export const resyncParams = z.object({ credentialId: z.uuid() })
export const resyncBody = z.object({ code1: otpCodeSchema, code2: otpCodeSchema })
export const resyncResponse = z.object({ id: z.string(), status: z.literal('active') })
