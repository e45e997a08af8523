import { z } from 'zod'
import { magErrorCodes, type MagErrorCode } from './error-table'

// The table itself (codes, statuses, meanings) lives in error-table.ts, which has no zod: the
// app's renderer imports the codes on its first screen. The schemas below are built from it.
export { httpStatusOf, magErrorCodes, magErrors, type MagErrorCode } from './error-table'

export const magErrorCodeSchema = z.enum(magErrorCodes)

/** Narrows a stored or received string (an order's failure code, a response) to the enum. */
export function isMagErrorCode(value: unknown): value is MagErrorCode {
  return magErrorCodeSchema.safeParse(value).success
}

/** The one shape of every error the service answers, the framework's own included. */
export const errorBodySchema = z.object({
  error: z.object({
    code: magErrorCodeSchema.describe('stable machine-readable code, from the closed enum'),
    message: z.string().describe('human-readable explanation'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})
export type ErrorBody = z.infer<typeof errorBodySchema>
