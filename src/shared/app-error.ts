import { otpInputErrorCodes } from '@mag/otp/errors'
import { importErrorCodes } from '@mag/import/importer'
import { vaultErrorCodes } from '@mag/vault/errors'
import { magErrorCodes } from '@mag/mag-contract/error-table'
import { magAppErrorCodes } from './mag-app-error-codes'

/**
 * Errors that cross IPC. Stable `code`s for the UI to branch on, a human `message`,
 * and `field` where the fault is one input (so the form can point at it).
 *
 * No zod here on purpose: the renderer imports this module (AppError, and the envelope
 * check in api-client.ts) on its first screen, where a schema library would cost a quarter
 * of the JS budget. The zod schemas main validates with are built from these very lists
 * in errors.ts.
 */
export const appErrorCodes = [
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
  ] as const),
]
export type AppErrorCode = (typeof appErrorCodes)[number]

export type AppErrorShape = { code: AppErrorCode; message: string; field?: string }

const knownCodes: ReadonlySet<string> = new Set(appErrorCodes)

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && knownCodes.has(value)
}

/**
 * The error of an envelope as an AppErrorShape, or undefined when it is not one: the same
 * answer as errors.ts's appErrorShapeSchema (a known code, a string message, a string or
 * absent field; other keys dropped), without the schema library.
 */
export function readAppErrorShape(value: unknown): AppErrorShape | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { code, message, field } = value as Record<string, unknown>
  if (!isAppErrorCode(code) || typeof message !== 'string') return undefined
  if (field === undefined) return { code, message }
  return typeof field === 'string' ? { code, message, field } : undefined
}

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
