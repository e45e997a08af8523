import { decodeBase32Secret, parseOtpauthUri } from '@mag/otp'
import { OtpInputError } from '@mag/otp/errors'
import type { EntrySummary, NewEntryInput } from './entry'
import { VaultError } from './errors'
import type { NewVaultEntry, VaultService } from './vault-service'

/**
 * The use cases that put an account into the vault, one definition for every way in: the
 * app's Add dialog, the command line, and (later) imports and QR codes. Each parses and
 * decodes before anything is stored, so a bad link or secret fails naming its field and the
 * vault is untouched.
 */

/** Adds the account an `otpauth://` link describes. */
export function addEntryFromLink(vault: VaultService, uri: string): Promise<EntrySummary> {
  const entry = parseOtpauthUri(uri)
  return vault.add({ ...entry, secret: new Uint8Array(entry.secret) })
}

/** Adds an account entered by hand; the secret is base32 as the user typed it. */
export function addEntryFromForm(
  vault: VaultService,
  input: NewEntryInput & { algorithm: NonNullable<NewEntryInput['algorithm']> } & Required<
      Pick<NewEntryInput, 'digits' | 'period' | 'counter'>
    >,
): Promise<EntrySummary> {
  const secret = new Uint8Array(decodeBase32Secret(input.secret))
  return vault.add({
    type: input.type,
    issuer: input.issuer,
    label: input.label,
    secret,
    algorithm: input.algorithm,
    digits: input.digits,
    period: input.period,
    counter: input.counter,
    ...(input.group ? { group: input.group } : {}),
  })
}

/** One account of a batch: an `otpauth://` link, or fields with the secret already decoded. */
export type EntryToAdd = { otpauth: string } | NewVaultEntry

/**
 * Adds a batch (an import) all or nothing, under one lock and one fsync: every link is
 * parsed and every entry validated and sealed before the file is touched, so entry 7 of 12
 * being bad leaves the file byte for byte as it was. Errors name the entry's index.
 */
export async function addEntries(
  vault: VaultService,
  inputs: readonly EntryToAdd[],
): Promise<EntrySummary[]> {
  const decoded = inputs.map((input, index): NewVaultEntry => {
    if (!('otpauth' in input)) return input
    try {
      const entry = parseOtpauthUri(input.otpauth)
      return { ...entry, secret: new Uint8Array(entry.secret) }
    } catch (err) {
      // Same code and field as for one link, with the entry's place in the batch in front.
      if (err instanceof OtpInputError) {
        throw new OtpInputError(
          err.code,
          `Entry ${index + 1}: ${err.message}`,
          `${index}.${err.field}`,
        )
      }
      throw new VaultError(
        'invalid-argument',
        `Entry ${index + 1}: the link cannot be read.`,
        `${index}`,
      )
    }
  })
  return vault.addMany(decoded)
}
