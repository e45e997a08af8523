import { z } from 'zod'
import { otpInputErrorCodes } from '@mag/otp/errors'
import { importErrorCodes } from '@mag/import/importer'
import { vaultErrorCodes } from '@mag/vault/errors'
import { magErrorCodes } from '@mag/mag-contract/error-codes'
import { magAppErrorCodes } from './mag-app-error-codes'

/**
 * Errors that cross IPC. Stable `code`s for the UI to branch on, a human `message`,
 * and `field` where the fault is one input (so the form can point at it).
 */
export const appErrorCodeSchema = z.enum([
  ...new Set([
    ...otpInputErrorCodes,
    ...vaultErrorCodes,
    ...importErrorCodes,
    // An import preview or a locked file main no longer holds (expired, added or cancelled).
    'import-expired',
    // The IPC boundary's own: a call from a frame that is not ours.
    'forbidden-sender',
    // The MAG service's own codes cross unchanged (one closed list, @mag/mag-contract), and
    // the app's MAG client adds its own (offline, session expired, code needed, ...).
    ...magErrorCodes,
    ...magAppErrorCodes,
  ]),
])
export type AppErrorCode = z.infer<typeof appErrorCodeSchema>

export const appErrorShapeSchema = z.object({
  code: appErrorCodeSchema,
  message: z.string(),
  field: z.string().optional(),
})
export type AppErrorShape = z.infer<typeof appErrorShapeSchema>

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly field: string | undefined
  constructor(code: AppErrorCode, message: string, field?: string) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.field = field
  }
  toShape(): AppErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }
}

/** What every IPC call returns on the wire: the result, or an error the UI can show. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }
