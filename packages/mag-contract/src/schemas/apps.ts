import { z } from 'zod'
import { requiredStrengthSchema, strengthSchema } from '../strength'
import { isoTimestamp } from './common'

export const slugParams = z.object({ slug: z.string().min(1).max(40) })

export const grantedAppSchema = z.object({
  slug: z.string(),
  name: z.string(),
  origin: z.string(),
  requiredStrength: requiredStrengthSchema,
  requirementsMet: z.boolean(),
})
export const grantedAppsSchema = z.object({
  strength: strengthSchema,
  apps: z.array(grantedAppSchema),
})
export type GrantedApps = z.infer<typeof grantedAppsSchema>

export const launchResponse = z.object({ url: z.string(), expiresAt: isoTimestamp })

export const redeemTicketBody = z.object({ ticket: z.string().min(1).max(200) })
export const redeemTicketResponse = z.object({
  app: z.object({ slug: z.string(), name: z.string() }),
  user: z.object({
    id: z.string(),
    email: z.string(),
    username: z.string(),
    displayName: z.string(),
  }),
  strength: strengthSchema,
})
