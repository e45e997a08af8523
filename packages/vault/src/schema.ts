import { z } from 'zod'
import { entrySummarySchema, type EntrySummary } from './entry'
import { IV_BYTES, TAG_BYTES } from './crypto'

/**
 * 2: every secret is bound to its entry's details (entry-binding.ts), not just its id.
 * An app that reads only version 1 refuses a version-2 file instead of misreading it.
 */
export const CURRENT_VAULT_VERSION = 2
/** The last version whose secrets are bound to their entry id alone (read for migration). */
export const ID_ONLY_SEALS_VERSION = 1

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const base64 = z.string().regex(BASE64, 'must be base64')

/** A base64 field's rule: its pattern and the message naming it, for zod and the file check. */
type Base64Rule = { pattern: RegExp; message: string; nonEmpty: boolean }
/** Exact-length base64 by shape alone: decoding every field would dominate opening 1000 entries. */
function base64OfLength(bytes: number): Base64Rule {
  const chars = Math.ceil(bytes / 3) * 4
  const padding = (3 - (bytes % 3)) % 3
  return {
    pattern: new RegExp(`^[A-Za-z0-9+/]{${chars - padding}}={${padding}}$`),
    message: `must be ${bytes} bytes of base64`,
    nonEmpty: false,
  }
}
const secretRules = {
  iv: base64OfLength(IV_BYTES),
  tag: base64OfLength(TAG_BYTES),
  data: { pattern: BASE64, message: 'must be base64', nonEmpty: true },
} satisfies Record<keyof SealedSecretShape, Base64Rule>
type SealedSecretShape = { iv: string; tag: string; data: string }

/** The first broken rule of one sealed secret, or null. */
function secretProblem(secret: SealedSecretShape): { field: string; message: string } | null {
  for (const field of ['iv', 'tag', 'data'] as const) {
    const rule = secretRules[field]
    const value = secret[field]
    if (rule.nonEmpty && value.length === 0) return { field, message: 'must not be empty' }
    if (!rule.pattern.test(value)) return { field, message: rule.message }
  }
  return null
}

/** One sealed secret, checked alone (e.g. a single entry handed over). */
export const storedSecretSchema = z
  .object({ iv: z.string(), tag: z.string(), data: z.string() })
  .superRefine((secret, ctx) => {
    const problem = secretProblem(secret)
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
  })

/**
 * One account as stored: the summary the UI sees, plus its place, its ciphertext and dates.
 * The ciphertext's shape rules (secretRules) run in the file's one pass over its entries
 * below, not as three zod string checks per entry: same rules, same messages and paths, a
 * third of the time of opening 1000 entries.
 */
const storedEntryShape = entrySummarySchema.extend({
  order: z.number().int().min(0),
  secret: z.object({ iv: z.string(), tag: z.string(), data: z.string() }),
  /** Unix ms. */
  createdAt: z.number().int().min(0),
  updatedAt: z.number().int().min(0),
})
export const storedEntrySchema = storedEntryShape.superRefine((entry, ctx) => {
  const problem = secretProblem(entry.secret)
  if (problem) {
    ctx.addIssue({ code: 'custom', path: ['secret', problem.field], message: problem.message })
  }
})
export type StoredEntry = z.infer<typeof storedEntryShape>

export const vaultFileSchema = z
  .object({
    version: z.literal(CURRENT_VAULT_VERSION),
    /** HMAC fingerprint of the vault key (see vaultKeyCheck); absent before the first key. */
    keyCheck: base64.optional(),
    entries: z.array(storedEntryShape),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>()
    file.entries.forEach((entry, index) => {
      const problem = secretProblem(entry.secret)
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['entries', index, 'secret', problem.field],
          message: problem.message,
        })
      }
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
  if (entry.magCredentialId !== undefined) summary.magCredentialId = entry.magCredentialId
  return summary
}

/** Entries in display order, numbered 0..n-1 so `order` never drifts from the array. */
export function normalizeOrder(entries: readonly StoredEntry[]): StoredEntry[] {
  return [...entries]
    .sort((a, b) => a.order - b.order)
    .map((entry, index) => (entry.order === index ? entry : { ...entry, order: index }))
}

/**
 * The file's text. `idOnlySeals`: the entries' secrets are still bound to their ids alone (a
 * version-1 file changed without the vault key, which re-sealing needs), so the file must
 * stay version 1 and be re-sealed at the next open that has the key: a version-2 label on
 * such seals would make every entry fail its check.
 */
export function serializeVaultFile(
  file: VaultFile,
  options: { idOnlySeals?: boolean } = {},
): string {
  const checked = vaultFileSchema.parse(file)
  const written = options.idOnlySeals ? { ...checked, version: ID_ONLY_SEALS_VERSION } : checked
  return `${JSON.stringify(written, null, 2)}\n`
}
