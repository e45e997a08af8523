import { errorCode, errorField, errorMessage } from '../lib/errors'

/**
 * An error as a screen keeps it: main's code (to pick the action), its message in the UI
 * language of the moment it was caught (lib/errors.ts: main's own English, or the catalogue's
 * sentence for the code), and the field it points at.
 */
export type ShownError = { code: string | undefined; message: string; field: string | undefined }

export function shownError(caught: unknown): ShownError {
  return { code: errorCode(caught), message: errorMessage(caught), field: errorField(caught) }
}
