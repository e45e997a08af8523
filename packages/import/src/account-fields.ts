import { Base32SecretError, decodeBase32 } from '@mag/otp'
import { algorithmSchema, type OtpType } from '@mag/otp/parameters'
import type { EntryProblem, ImportedEntry } from './importer'

/**
 * One account's fields as a backup format gives them, checked against what the vault keeps
 * for every entry, so an account the vault would refuse shows as a problem in the preview
 * instead of failing the all-or-nothing add.
 *
 * Decisions:
 * - The secret goes through the OTP core's policy (@mag/otp decodeBase32): the same secrets
 *   are accepted here as in a link or the form, and a refused one is a problem carrying the
 *   core's message ("Secret is too short: ...").
 * - digits 6–8, period 1–3600 s, issuer and account name at most 200 characters: the limits
 *   of the vault's entry (packages/vault/src/entry.ts) and of otpauth links. They are restated
 *   here because @mag/import may not depend on the vault (the vault's import use case
 *   depends on this package).
 * - An account with no name but an issuer takes the issuer as its name (the vault needs a
 *   name; authenticators like Aegis allow an empty one). Neither → a problem.
 * - A group name longer than the vault's 100 characters is left out rather than cutting the
 *   account: the group is a convenience, the account is not.
 */
export type AccountFields = {
  type: OtpType
  issuer: string
  name: string
  /** Base32 text, as every format here stores it. */
  secret: string
  algorithm: string
  digits: number
  period: number
  counter: number
  group?: string | undefined
}

const MAX_NAME_LENGTH = 200
const MAX_GROUP_LENGTH = 100
const MAX_PERIOD = 3600

/** The reason an account cannot be imported; its message is shown in the preview. */
export class AccountFieldError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'AccountFieldError'
  }
}

export function toImportedEntry(fields: AccountFields): ImportedEntry {
  const issuer = fields.issuer.trim()
  const name = fields.name.trim()
  const label = name !== '' ? name : issuer
  if (label === '') refuse('The account has neither a name nor an issuer')
  if (label.length > MAX_NAME_LENGTH) {
    refuse(`Account name is too long: at most ${MAX_NAME_LENGTH} characters (got ${label.length})`)
  }
  if (issuer.length > MAX_NAME_LENGTH) {
    refuse(`Issuer is too long: at most ${MAX_NAME_LENGTH} characters (got ${issuer.length})`)
  }

  const algorithm = algorithmSchema.safeParse(fields.algorithm.trim().toUpperCase())
  if (!algorithm.success) {
    refuse(`Algorithm must be SHA1, SHA256 or SHA512 (got ${quote(fields.algorithm)})`)
  }
  if (!Number.isInteger(fields.digits) || fields.digits < 6 || fields.digits > 8) {
    refuse(`Digits must be 6, 7 or 8 (got ${fields.digits})`)
  }
  const totp = fields.type === 'totp'
  if (
    totp &&
    (!Number.isInteger(fields.period) || fields.period < 1 || fields.period > MAX_PERIOD)
  ) {
    refuse(
      `Period must be a whole number of seconds from 1 to ${MAX_PERIOD} (got ${fields.period})`,
    )
  }
  if (!totp && (!Number.isSafeInteger(fields.counter) || fields.counter < 0)) {
    refuse(`Counter must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`)
  }

  let secret: Uint8Array
  try {
    secret = decodeBase32(fields.secret)
  } catch (error) {
    if (error instanceof Base32SecretError) refuse(`Secret ${error.detail}`)
    throw error
  }

  const group = fields.group?.trim()
  return {
    type: fields.type,
    issuer,
    label,
    secret,
    algorithm: algorithm.data,
    digits: fields.digits,
    period: totp ? fields.period : 30,
    counter: totp ? 0 : fields.counter,
    ...(group && group.length <= MAX_GROUP_LENGTH ? { group } : {}),
  }
}

/** "Issuer: account" as far as the file gives them, short enough for a preview line. */
export function accountName(issuer: unknown, name: unknown): string {
  const parts = [issuer, name]
    .map((part) => (typeof part === 'string' ? part.trim() : ''))
    .filter((part) => part !== '')
  const joined = parts.join(': ')
  return joined.length > 100 ? `${joined.slice(0, 100)}…` : joined
}

/**
 * Reads each raw account of a file: an account that reads becomes an entry, one that throws
 * AccountFieldError becomes a problem at its position. Any other exception is a bug and is
 * not swallowed.
 */
export function readAccounts<T>(
  items: readonly T[],
  read: (item: T) => ImportedEntry,
  nameOf: (item: T) => string,
): { entries: ImportedEntry[]; problems: EntryProblem[] } {
  const entries: ImportedEntry[] = []
  const problems: EntryProblem[] = []
  items.forEach((item, index) => {
    try {
      entries.push(read(item))
    } catch (error) {
      if (!(error instanceof AccountFieldError)) throw error
      problems.push({ index, name: nameOf(item), reason: error.message })
    }
  })
  return { entries, problems }
}

export function refuse(reason: string): never {
  throw new AccountFieldError(reason)
}

/** A short quoted value for a non-secret field (a type or algorithm name). */
export function quote(value: string): string {
  return value === '' ? 'nothing' : `'${value.length > 20 ? `${value.slice(0, 20)}…` : value}'`
}
