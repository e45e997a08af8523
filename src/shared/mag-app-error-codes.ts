/**
 * Errors of the MAG feature that are the app's own, not the service's (the service's codes
 * come from @mag/mag-contract's closed list and cross IPC unchanged).
 */
export const magAppErrorCodes = [
  /** No service address configured (and no development service). */
  'mag-not-configured',
  /** The service cannot be reached (network); nothing was changed. */
  'mag-offline',
  /** The service answered something that is not the MAG API. */
  'mag-bad-response',
  /** The call needs a session and there is none. */
  'mag-signed-out',
  /** The session ended on the service (expired, revoked); sign in again. */
  'mag-session-expired',
  /** OTP needed from a credential the app does not hold: ask the user for the code. */
  'mag-code-needed',
  /** A launch URL off the application's registered origin: refused, never opened. */
  'mag-launch-refused',
  /** Codes were refused and this computer's clock is off from the service's by the gap named. */
  'mag-clock-off',
] as const
