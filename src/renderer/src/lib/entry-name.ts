import type { EntrySummary } from '../../../shared/entry'

// One definition of how an account is named, shared with the vault's messages.
export { entryDisplayName } from '@mag/vault/entry-name'

/** The letter on the account's badge: the issuer's first letter, else the label's. */
export function entryInitial(entry: Pick<EntrySummary, 'issuer' | 'label'>): string {
  const source = entry.issuer.trim() || entry.label.trim()
  const first = Array.from(source)[0]
  return first ? first.toLocaleUpperCase() : '?'
}

/** A stable badge colour slot per issuer, so the same service always looks the same. */
export function entryHue(entry: Pick<EntrySummary, 'issuer' | 'label'>, slots = 8): number {
  const source = (entry.issuer.trim() || entry.label.trim()).toLocaleLowerCase()
  let hash = 0
  for (const char of source) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return hash % slots
}
