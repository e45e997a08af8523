import { z } from 'zod'

/** What the UI needs to decide between the Codes screen and a full-screen explanation. */
export const vaultProblemSchema = z.object({
  kind: z.enum(['keychain-unavailable', 'keychain-locked', 'keychain-denied', 'vault-key-missing']),
  /** One sentence: what happened. */
  message: z.string(),
  /** What the user can do about it. */
  remedy: z.string(),
})
export type VaultProblem = z.infer<typeof vaultProblemSchema>

/** One-off things the user must be told, e.g. a corrupt data file moved aside. */
export const vaultNoticeSchema = z.object({
  kind: z.enum(['data-file-corrupt-moved']),
  message: z.string(),
  path: z.string().optional(),
})
export type VaultNotice = z.infer<typeof vaultNoticeSchema>

export const vaultStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ready'),
    entryCount: z.number().int(),
    notices: z.array(vaultNoticeSchema),
  }),
  z.object({
    state: z.literal('unavailable'),
    problem: vaultProblemSchema,
    /** Without the key we can still list accounts (metadata is not secret). */
    entryCount: z.number().int(),
    notices: z.array(vaultNoticeSchema),
  }),
])
export type VaultStatus = z.infer<typeof vaultStatusSchema>
