import { z } from 'zod'

/**
 * An otpauth link clicked on the desktop, as the window sees it while asking whether to add
 * it: what the question names, never the link or its secret (those stay in main under the
 * id). A link that cannot be read carries `problem` (the parser's message) and no type.
 */
export const pendingLinkIdSchema = z.string().min(1).max(100)

export const pendingLinkSchema = z.object({
  id: pendingLinkIdSchema,
  issuer: z.string().max(200),
  label: z.string().max(200),
  type: z.enum(['totp', 'hotp']).nullable(),
  problem: z.string().max(500).optional(),
})
export type PendingLink = z.infer<typeof pendingLinkSchema>
