import { z } from 'zod'

/**
 * The parameters that shape a code, shared by the app, the vault, the service and the
 * command line. Pure zod, so the renderer may import it without pulling in node:crypto.
 */
export const otpTypeSchema = z.enum(['totp', 'hotp'])
export const algorithmSchema = z.enum(['SHA1', 'SHA256', 'SHA512'])
export type OtpType = z.infer<typeof otpTypeSchema>
export type Algorithm = z.infer<typeof algorithmSchema>
