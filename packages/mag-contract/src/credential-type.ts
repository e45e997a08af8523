import { z } from 'zod'

/**
 * The kinds of OTP credential MAG sells, and the strength a session reaches with each. One
 * definition for the service (catalogue, sessions, API) and the app (dashboard, tray).
 */
export const credentialTypeSchema = z.enum(['Desktop OTP', 'OTP Hardware Token'])
export type CredentialType = z.infer<typeof credentialTypeSchema>
export const credentialTypes = credentialTypeSchema.options
