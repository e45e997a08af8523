import type { EntrySummary } from '../../../shared/entry'

/** How an account is named in sentences: "GitHub (alice@example.com)", or just the label. */
export function entryDisplayName(entry: Pick<EntrySummary, 'issuer' | 'label'>): string {
  const issuer = entry.issuer.trim()
  const label = entry.label.trim()
  if (!issuer) return label
  if (!label || label === issuer) return issuer
  return `${issuer} (${label})`
}

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
