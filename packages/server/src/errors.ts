/**
 * The one error type the service's domain throws. Its code comes from the contract's closed
 * enum (@mag/mag-contract), its message is for people, its details are machine-readable
 * extras. It carries no HTTP status: only the HTTP layer (http/errors.ts) maps a code to a
 * status, from the contract's table, so the admin command line and the demo seed can run
 * the same domain code without speaking HTTP.
 */
import type { MagErrorCode } from '@mag/mag-contract'

export type ErrorDetails = Record<string, unknown>

export class MagDomainError extends Error {
  override name = 'MagDomainError'
  readonly code: MagErrorCode
  readonly details: ErrorDetails | undefined

  constructor(code: MagErrorCode, message: string, details?: ErrorDetails) {
    super(message)
    this.code = code
    this.details = details
  }
}
