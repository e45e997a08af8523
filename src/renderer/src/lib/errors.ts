import { AppError } from '../../../shared/app-error'

/** A sentence for the user from anything a call can reject with. */
export function errorMessage(error: unknown): string {
  if (error instanceof AppError) return error.message
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong. Please try again.'
}

/** The form field an error points at, if main named one. */
export function errorField(error: unknown): string | undefined {
  return error instanceof AppError ? error.field : undefined
}

/** The stable code of an error from main, to branch on. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof AppError ? error.code : undefined
}
