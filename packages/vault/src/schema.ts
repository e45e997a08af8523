import { z } from 'zod'
import { entrySummarySchema, type EntrySummary } from './entry'
import { IV_BYTES, TAG_BYTES } from './crypto'

export const CURRENT_VAULT_VERSION = 1

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
/** Exact-length base64 by shape alone: decoding every field would dominate opening 1000 entries. */
const base64OfLength = (bytes: number) => {
  const chars = Math.ceil(bytes / 3) * 4
  const padding = (3 - (bytes % 3)) % 3
  const pattern = new RegExp(`^[A-Za-z0-9+/]{${chars - padding}}={${padding}}$`)
  return z.string().regex(pattern, `must be ${bytes} bytes of base64`)
}

export const storedSecretSchema = z.object({
  iv: base64OfLength(IV_BYTES),
  tag: base64OfLength(TAG_BYTES),
  data: base64.min(1, 'must not be empty'),
})

/** One account as stored: the summary the UI sees, plus its place, its ciphertext and dates. */
export const storedEntrySchema = entrySummarySchema.extend({
  order: z.number().int().min(0),
  secret: storedSecretSchema,
  /** Unix ms. */
  createdAt: z.number().int().min(0),
  updatedAt: z.number().int().min(0),
})
export type StoredEntry = z.infer<typeof storedEntrySchema>

export const vaultFileSchema = z
  .object({
    version: z.literal(CURRENT_VAULT_VERSION),
    /** HMAC fingerprint of the vault key (see vaultKeyCheck); absent before the first key. */
    keyCheck: base64.optional(),
    entries: z.array(storedEntrySchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>()
    file.entries.forEach((entry, index) => {
      if (seen.has(entry.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['entries', index, 'id'],
          message: `duplicate entry id ${entry.id}`,
        })
      }
      seen.add(entry.id)
    })
  })
export type VaultFile = z.infer<typeof vaultFileSchema>

export function toSummary(entry: StoredEntry): EntrySummary {
  const summary: EntrySummary = {
    id: entry.id,
    type: entry.type,
    issuer: entry.issuer,
    label: entry.label,
    algorithm: entry.algorithm,
    digits: entry.digits,
    period: entry.period,
  }
  if (entry.counter !== undefined) summary.counter = entry.counter
  if (entry.group !== undefined) summary.group = entry.group
  return summary
}

/** Entries in display order, numbered 0..n-1 so `order` never drifts from the array. */
export function normalizeOrder(entries: readonly StoredEntry[]): StoredEntry[] {
  return [...entries]
    .sort((a, b) => a.order - b.order)
    .map((entry, index) => (entry.order === index ? entry : { ...entry, order: index }))
}

export function serializeVaultFile(file: VaultFile): string {
  return `${JSON.stringify(vaultFileSchema.parse(file), null, 2)}\n`
}
