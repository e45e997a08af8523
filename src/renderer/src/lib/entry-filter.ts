import type { EntrySummary } from '../../../shared/entry'

/** What a search matches against, lower-cased once per entry rather than once per keystroke. */
function haystack(entry: Pick<EntrySummary, 'issuer' | 'label'>): string {
  return `${entry.issuer}\n${entry.label}`.toLocaleLowerCase()
}

/**
 * Case-insensitive search over issuer and label. Every word of the query must appear
 * somewhere, so "git alice" finds GitHub's alice@example.com.
 */
export function filterEntries<T extends Pick<EntrySummary, 'issuer' | 'label'>>(
  entries: readonly T[],
  query: string,
): readonly T[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return entries
  return entries.filter((entry) => {
    const text = haystack(entry)
    return words.every((word) => text.includes(word))
  })
}
