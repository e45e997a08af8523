import { decodeBase32Secret, parseOtpauthUri } from '@mag/otp'
import type { EntrySummary, NewEntryInput } from './entry'
import type { VaultService } from './vault-service'

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
