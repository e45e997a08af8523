import { z } from 'zod'

/**
 * The parameters that shape a code, shared by the app, the vault, the service and the
 * command line. Pure zod, so the renderer may import it without pulling in node:crypto.
 */
export const otpTypeSchema = z.enum(['totp', 'hotp'])
export const algorithmSchema = z.enum(['SHA1', 'SHA256', 'SHA512'])
export type OtpType = z.infer<typeof otpTypeSchema>
export type Algorithm = z.infer<typeof algorithmSchema>

/** One account as an otpauth link describes it: everything that shapes and names its codes. */
export type OtpauthEntry = {
  type: OtpType
  issuer: string
  /** The account name (the label without its issuer prefix). */
  label: string
  secret: Uint8Array
  algorithm: Algorithm
  digits: number
  /** Seconds per step; 30 for hotp entries, where it does not apply. */
  period: number
  /** hotp: the counter of the next code; 0 for totp entries. */
  counter: number
}
