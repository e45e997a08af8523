import { z } from 'zod'
import { algorithmSchema, otpTypeSchema } from '@mag/otp/parameters'

export { algorithmSchema, otpTypeSchema }
export type { Algorithm, OtpType } from '@mag/otp/parameters'

/** What a caller outside the vault may know about an account: everything but the secret. */

export const entryIdSchema = z.string().uuid()

/**
 * The MAG service's id of the credential an entry's secret belongs to (the service's own
 * limit for a credential id). Set only by main when it stores a seed the MAG service issued;
 * the Add form cannot set it (newEntryInputSchema has no such field).
 */
export const magCredentialIdSchema = z.string().min(1).max(64)

export const entrySummarySchema = z.object({
  id: entryIdSchema,
  type: otpTypeSchema,
  issuer: z.string().max(200),
  label: z.string().max(200),
  algorithm: algorithmSchema,
  digits: z.number().int().min(6).max(8),
  /** Seconds per step; TOTP only (HOTP entries carry the default 30). */
  period: z.number().int().min(1).max(3600),
  /** HOTP only: the counter the next generated code will use. */
  counter: z.number().int().min(0).optional(),
  group: z.string().max(100).optional(),
  /**
   * Present only on the entry that holds a MAG credential's seed (the window shows a
   * "MAG credential" badge). Optional rather than nullable, like counter and group: absent
   * is "not a MAG credential", and files and summaries without it stay valid unchanged.
   */
  magCredentialId: magCredentialIdSchema.optional(),
})
export type EntrySummary = z.infer<typeof entrySummarySchema>

/*
 * The rules for each editable field, with the messages users see. One definition for the
 * Add and Edit forms, the IPC boundary and the vault, so they cannot drift apart.
 */
export const issuerSchema = z.string().trim().max(200, 'Issuer is at most 200 characters')
export const labelSchema = z
  .string()
  .trim()
  .min(1, 'Label is required')
  .max(200, 'Label is at most 200 characters')
export const groupSchema = z.string().trim().max(100, 'Group is at most 100 characters')

/** Manual entry form. The secret travels renderer → main once, never back. */
export const newEntryInputSchema = z.object({
  type: otpTypeSchema,
  issuer: issuerSchema,
  label: labelSchema,
  secret: z.string().min(1, 'Secret is required').max(1024),
  algorithm: algorithmSchema.default('SHA1'),
  digits: z
    .number()
    .int()
    .min(6, 'Digits must be 6, 7 or 8')
    .max(8, 'Digits must be 6, 7 or 8')
    .default(6),
  period: z.number().int().min(1, 'Period must be at least 1 second').max(3600).default(30),
  counter: z.number().int().min(0, 'Counter cannot be negative').default(0),
  group: groupSchema.optional(),
})
export type NewEntryInput = z.input<typeof newEntryInputSchema>

export const entryEditSchema = z.object({
  id: entryIdSchema,
  issuer: issuerSchema,
  label: labelSchema,
})
export type EntryEdit = z.infer<typeof entryEditSchema>

// How an account is named in sentences lives in entry-name.ts, which has no zod: the
// renderer's first screen imports it from '@mag/vault/entry-name'.
export { entryDisplayName } from './entry-name'

/** Codes are computed in main; the renderer only ever sees digits. */
export const totpCodeSchema = z.object({
  id: entryIdSchema,
  code: z.string().regex(/^\d{6,8}$/),
  nextCode: z.string().regex(/^\d{6,8}$/),
  /** Unix ms at which `code` stops being current. */
  validUntil: z.number(),
  period: z.number().int(),
})
export type TotpCode = z.infer<typeof totpCodeSchema>

export const hotpCodeSchema = z.object({
  id: entryIdSchema,
  code: z.string().regex(/^\d{6,8}$/),
  /** The counter that produced `code` (already persisted as counter + 1). */
  counter: z.number().int().min(0),
})
export type HotpCode = z.infer<typeof hotpCodeSchema>
