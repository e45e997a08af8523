import { entryDisplayName, type EntrySummary } from '@mag/vault/entry'
import { CliError } from './errors'

/**
 * Which account `mag-auth code <query>` means. Case-insensitive; the query is compared with
 * the issuer, the label, "issuer:label" (as otpauth links write it) and the display name
 * "Issuer (label)".
 *
 * An exact match wins over partial ones, so "google" picks Google over Google Cloud; with
 * no exact match a substring is enough ("git" finds GitHub). Several accounts matching
 * equally is an error that names them: printing one of them would be a guess, and a code
 * for the wrong account is worse than none.
 */
export function findOneEntry(entries: readonly EntrySummary[], query: string): EntrySummary {
  const wanted = query.trim().toLowerCase()
  if (wanted === '') throw new CliError('The query is empty; give part of an issuer or label.')
  const exact = entries.filter((entry) => namesOf(entry).some((name) => name === wanted))
  const candidates =
    exact.length > 0
      ? exact
      : entries.filter((entry) => namesOf(entry).some((name) => name.includes(wanted)))
  const [first, ...others] = candidates
  if (!first) {
    throw new CliError(
      entries.length === 0
        ? 'The vault has no accounts.'
        : `No account matches "${query}". Run mag-auth list to see them.`,
    )
  }
  if (others.length > 0) {
    const names = candidates.map((entry) => entryDisplayName(entry)).join(', ')
    throw new CliError(
      `"${query}" matches ${candidates.length} accounts: ${names}. Give more of the name.`,
    )
  }
  return first
}

function namesOf(entry: EntrySummary): string[] {
  const issuer = entry.issuer.trim().toLowerCase()
  const label = entry.label.trim().toLowerCase()
  const names = [label, entryDisplayName(entry).toLowerCase()]
  if (issuer !== '') names.push(issuer, `${issuer}:${label}`)
  return names
}
