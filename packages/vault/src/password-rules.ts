/**
 * What a new vault password must be, as plain numbers: the vault checks them (password-slot.ts)
 * and the window's password form says and checks the same ones before sending, from here, so
 * the two can never disagree. No Node imports: the renderer bundles this file.
 */
export const MIN_VAULT_PASSWORD_LENGTH = 8
export const MAX_VAULT_PASSWORD_LENGTH = 1024
