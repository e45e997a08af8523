import { z } from 'zod'

/** A MAG one-time code as the service accepts it: exactly 6 digits (30 s TOTP, SHA-1). */
export const otpCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits')
export type OtpCode = z.infer<typeof otpCodeSchema>
