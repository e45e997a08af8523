import { z } from 'zod'
import { appErrorCodes } from './app-error'

// The error types and lists live in app-error.ts, which has no zod (the renderer imports
// them); main's schemas below are built from the same lists.
export {
  AppError,
  appErrorCodes,
  isAppErrorCode,
  readAppErrorShape,
  type AppErrorCode,
  type AppErrorShape,
  type Envelope,
} from './app-error'

export const appErrorCodeSchema = z.enum(appErrorCodes)

export const appErrorShapeSchema = z.object({
  code: appErrorCodeSchema,
  message: z.string(),
  field: z.string().optional(),
})
