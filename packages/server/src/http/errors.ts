/**
 * The one error type handlers throw. Its code is stable and machine-readable, its message
 * is for people; the error handler turns it into `{ error: { code, message, details? } }`.
 * Anything else thrown becomes a generic 500 so no stack trace or SQL reaches a client.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown> | undefined

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> }
}

export function errorBody(
  code: string,
  message: string,
  details?: Record<string, unknown>,
): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } }
}
