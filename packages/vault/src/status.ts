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

/** The problem a locked vault reports (see the 'locked' state below). */
export const vaultLockedProblemSchema = z.object({
  kind: z.literal('locked'),
  message: z.string(),
  remedy: z.string(),
})
export type VaultLockedProblem = z.infer<typeof vaultLockedProblemSchema>

export const VAULT_LOCKED_PROBLEM: VaultLockedProblem = {
  kind: 'locked',
  message: 'The vault is locked with your password.',
  remedy: 'Unlock it with your password in the app.',
}

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
  /**
   * A vault password is set and the key is not unwrapped yet (or was forgotten by lock()):
   * nothing that names or computes a code may be shown until unlock(password).
   */
  z.object({
    state: z.literal('locked'),
    /**
     * Shaped like the other problems, so code written for "not ready" (the CLI, MAG set-up)
     * reports it in the same way; its kind is the vault error code callers throw.
     */
    problem: vaultLockedProblemSchema,
    entryCount: z.number().int(),
    notices: z.array(vaultNoticeSchema),
  }),
])
export type VaultStatus = z.infer<typeof vaultStatusSchema>
