import { z } from 'zod'
import type { LockChannelName } from './lock-channel-names'

/** Whether a vault password is set, and whether the vault is locked now. */
export const lockStateSchema = z.strictObject({
  locked: z.boolean(),
  hasPassword: z.boolean(),
})
export type LockState = z.infer<typeof lockStateSchema>

/**
 * Passwords cross once, renderer to main; the dispatcher never logs arguments. Only an
 * upper bound here: the new password's rules (length) are the vault's, answered with
 * field 'newPassword'.
 */
const passwordSchema = z.string().max(1024)

/** The lock's part of the channel map (merged by src/shared/channels.ts). */
export const lockChannels = {
  getLockState: { args: z.undefined(), result: lockStateSchema },
  /** Forgets the vault key in main and clears a code of ours from the clipboard. */
  lock: { args: z.undefined(), result: lockStateSchema },
  /** Wrong password: 'password-wrong' (field 'password'); each try costs one scrypt run. */
  unlock: { args: z.strictObject({ password: passwordSchema }), result: lockStateSchema },
  /** Sets or changes it (the current one is needed to change); entries are not rewritten. */
  setVaultPassword: {
    args: z.strictObject({
      newPassword: passwordSchema,
      currentPassword: passwordSchema.optional(),
    }),
    result: lockStateSchema,
  },
  removeVaultPassword: {
    args: z.strictObject({ currentPassword: passwordSchema }),
    result: lockStateSchema,
  },
} as const satisfies Record<LockChannelName, { args: z.ZodType; result: z.ZodType }>
