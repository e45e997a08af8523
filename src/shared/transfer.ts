import { z } from 'zod'
import { otpTypeSchema } from './entry'

/**
 * What the renderer sees of an import and an export. An import's accounts stay in main under
 * a random previewId until the user adds or cancels: the preview crosses to the renderer
 * with names, types and what the import would do with each, never a secret.
 */

export const previewIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'Not a preview id')
/** A file that needs its password, held in main while the user types it. */
export const lockedFileIdSchema = previewIdSchema

export const importEntryStatusSchema = z.enum(['new', 'present', 'conflict'])

export const importPreviewSchema = z.object({
  previewId: previewIdSchema,
  /** "Aegis (plain or encrypted vault JSON)", "QR code". */
  sourceName: z.string().max(200),
  entries: z
    .array(
      z.object({
        issuer: z.string().max(200),
        label: z.string().max(200),
        type: otpTypeSchema,
        status: importEntryStatusSchema,
      }),
    )
    .max(10_000),
  problems: z
    .array(
      z.object({
        index: z.number().int().min(0),
        name: z.string().max(400),
        reason: z.string().max(1000),
      }),
    )
    .max(10_000),
})
export type ImportPreviewView = z.infer<typeof importPreviewSchema>

export const importStepSchema = z.discriminatedUnion('kind', [
  /** The user closed the file dialog. */
  z.object({ kind: z.literal('cancelled') }),
  z.object({
    kind: z.literal('needs-password'),
    lockedFileId: lockedFileIdSchema,
    fileName: z.string().max(400),
  }),
  z.object({ kind: z.literal('preview'), preview: importPreviewSchema }),
])
export type ImportStep = z.infer<typeof importStepSchema>

export const importPasswordSchema = z
  .string()
  .min(1, 'Enter the password')
  .max(1024, 'The password is at most 1024 characters')

export const exportResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancelled') }),
  z.object({ kind: z.literal('saved'), path: z.string().max(4096), count: z.number().int() }),
])
export type ExportResult = z.infer<typeof exportResultSchema>
