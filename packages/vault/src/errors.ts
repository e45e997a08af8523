/**
 * What the vault refuses, with stable codes a caller can branch on and, where one input is at
 * fault, its field. The app maps these onto its IPC error shape; the CLI prints the message.
 */
export const vaultErrorCodes = [
  'invalid-argument',
  'not-found',
  'keychain-unavailable',
  'keychain-locked',
  'keychain-denied',
  'vault-key-missing',
  'data-file-corrupt',
  /**
   * One entry failed its authenticity check: its details (issuer, label, digits, counter,
   * ...) or its ciphertext were changed outside the app. Its code is never shown or copied.
   */
  'entry-tampered',
  'data-file-too-new',
  /** The lock is held by a live process past the wait, or its path is not a lock directory. */
  'data-file-locked',
  /** The data file path is a symbolic link, which the vault refuses to follow. */
  'data-file-link',
  'conflict',
  /** A vault password is set and the vault is locked: unlock it with the password first. */
  'locked',
  /** The password given does not unwrap the vault key (or the slot was changed). */
  'password-wrong',
  /** Lock, unlock or remove asked of a vault that has no password. */
  'password-not-set',
  'internal',
] as const
export type VaultErrorCode = (typeof vaultErrorCodes)[number]

export class VaultError extends Error {
  readonly code: VaultErrorCode
  readonly field: string | undefined
  constructor(code: VaultErrorCode, message: string, field?: string) {
    super(message)
    this.name = 'VaultError'
    this.code = code
    this.field = field
  }
}
