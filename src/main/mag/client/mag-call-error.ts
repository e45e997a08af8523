import type { MagErrorCode } from '@mag/mag-contract'

/**
 * What a MAG call can fail with: the service's own code from the contract's closed list, or
 * one of the client's:
 *
 * - `mag-offline`: the service could not be reached (refused, reset, timed out). `details`
 *   is `{ mayHaveBeenApplied: boolean }`: true when the request may have reached the service
 *   (cut off after it was sent), so the caller cannot know whether it was applied; checkout
 *   repeats itself safely with the same Idempotency-Key.
 * - `mag-bad-response`: it answered something that is not the MAG API (not JSON, a body the
 *   contract's schema refuses, an error code outside the closed list).
 * - `mag-session-expired`: the session ended on the service (refresh refused); sign in again.
 * - `mag-signed-out`: the call needs a session and there is none.
 * - `mag-not-configured`: no service address (the client itself never throws it; the
 *   layer that chooses the address does).
 *
 * A service code with `status: null` was found before sending (`validation-failed` for a
 * request the contract refuses: the service would answer the same, so nothing is sent).
 */
export const magClientErrorCodes = [
  'mag-offline',
  'mag-bad-response',
  'mag-session-expired',
  'mag-signed-out',
  'mag-not-configured',
] as const
export type MagClientErrorCode = (typeof magClientErrorCodes)[number]
export type MagCallErrorCode = MagErrorCode | MagClientErrorCode

export interface MagCallErrorOptions {
  /** HTTP status of the answer; null when there was none (network, checked before sending). */
  status?: number | null
  /** The service error body's `details` (e.g. renewal-available's pointer), as sent. */
  details?: unknown
  cause?: unknown
}

/**
 * Messages never carry a token, password, card number or seed: the client builds its own from
 * the endpoint name and the failure's kind, and passes the service's message through (the
 * service's rules forbid secrets in it as well).
 */
export class MagCallError extends Error {
  readonly code: MagCallErrorCode
  readonly status: number | null
  readonly details: unknown

  constructor(code: MagCallErrorCode, message: string, options: MagCallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MagCallError'
    this.code = code
    this.status = options.status ?? null
    this.details = options.details
  }
}

export function isMagCallError(value: unknown, code?: MagCallErrorCode): value is MagCallError {
  return value instanceof MagCallError && (code === undefined || value.code === code)
}
