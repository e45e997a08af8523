import { z } from 'zod'
import { credentialTypes } from './credential-type'

/**
 * A session's credential strength: 'password' after a password-only sign-in, or the type of
 * the credential whose OTP was verified in it. Built from the credential types so a new type
 * is a new strength without a second edit.
 */
export const strengthSchema = z.enum(['password', ...credentialTypes])
export type Strength = z.infer<typeof strengthSchema>

/** What a partner application requires: any session, or one with an OTP strength. */
export const requiredStrengthSchema = z.enum(['password', 'otp'])
export type RequiredStrength = z.infer<typeof requiredStrengthSchema>
