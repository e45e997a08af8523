/** zod schemas shared by several routes. */
import { z } from 'zod'

export const strengthSchema = z.enum(['password', 'Desktop OTP', 'OTP Hardware Token'])
export const otpCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits')
export const isoTimestamp = z.string().describe('ISO-8601 timestamp, UTC')

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code'),
    message: z.string().describe('human-readable explanation'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})

export const tokensSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: isoTimestamp,
  refreshToken: z.string(),
  refreshTokenExpiresAt: isoTimestamp,
})
