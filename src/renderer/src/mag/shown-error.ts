import { errorCode, errorField, errorMessage } from '../lib/errors'

/** An error as a screen keeps it: main's code (to pick the action), its message, its field. */
export type ShownError = { code: string | undefined; message: string; field: string | undefined }

export function shownError(caught: unknown): ShownError {
  return { code: errorCode(caught), message: errorMessage(caught), field: errorField(caught) }
}
