import type { ChannelResult, MagAuthApi } from '../../../shared/channels'
import type { EntrySummary, TotpCode } from '../../../shared/entry'

/** An answer to getCodes with what it was asked: some entries' codes, or all (undefined). */
export type FetchedCodes = {
  asked: readonly string[] | undefined
  answer: ChannelResult<'getCodes'>
}

export async function fetchCodes(
  api: MagAuthApi,
  ids: readonly string[] | undefined,
): Promise<FetchedCodes> {
  const answer = await api.getCodes(ids === undefined ? {} : { ids: [...ids] })
  return { asked: ids, answer }
}

/**
 * The TOTP entries among the first `rows` of the list, i.e. those on screen when the list
 * first shows (unscrolled, unfiltered). Undefined when that is every TOTP entry: then one
 * call for all of them is just as quick.
 */
export function firstScreenIds(
  entries: readonly EntrySummary[],
  rows: number,
): string[] | undefined {
  const onScreen = entries
    .slice(0, Math.max(1, rows))
    .filter((e) => e.type === 'totp')
    .map((e) => e.id)
  const totpCount = entries.reduce((count, e) => count + (e.type === 'totp' ? 1 : 0), 0)
  return onScreen.length < totpCount ? onScreen : undefined
}

export type HeldCodes = {
  codes: ReadonlyMap<string, TotpCode>
  unreadable: ReadonlySet<string>
  /** Of `unreadable`: changed outside the app (failed the vault's authenticity check). */
  tampered: ReadonlySet<string>
}

/**
 * What the screen holds after an answer to getCodes. An answer for every entry replaces
 * everything; one for some entries (`asked`) replaces only theirs and keeps the others.
 */
export function applyCodes(held: HeldCodes, { asked, answer }: FetchedCodes): HeldCodes {
  const fresh = answer.codes.map((code) => [code.id, code] as const)
  if (asked === undefined) {
    return {
      codes: new Map(fresh),
      unreadable: new Set(answer.unreadable),
      tampered: new Set(answer.tampered),
    }
  }
  const askedSet = new Set(asked)
  const codes = new Map(held.codes)
  for (const id of askedSet) codes.delete(id)
  for (const [id, code] of fresh) codes.set(id, code)
  const keptOrAnswered = (before: ReadonlySet<string>, now: readonly string[]) =>
    new Set([...[...before].filter((id) => !askedSet.has(id)), ...now])
  return {
    codes,
    unreadable: keptOrAnswered(held.unreadable, answer.unreadable),
    tampered: keptOrAnswered(held.tampered, answer.tampered),
  }
}

/** What names each entry's row, by id: main binds these to the secret (with its details). */
export function entryNames(entries: readonly EntrySummary[]): ReadonlyMap<string, string> {
  return new Map(
    entries.map((e) => [e.id, JSON.stringify([e.issuer, e.label, e.magCredentialId ?? null])]),
  )
}

/**
 * The held codes without those of entries whose names changed between two lists, or
 * undefined when none did. A name changed under the screen (the data file edited while the
 * app was open) must be checked by main before its row shows a code again: main answers
 * such a row as tampered.
 */
export function forgetRenamed(
  held: HeldCodes,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): HeldCodes | undefined {
  const renamed = [...after].filter(([id, names]) => before.has(id) && before.get(id) !== names)
  if (renamed.length === 0) return undefined
  const codes = new Map(held.codes)
  for (const [id] of renamed) codes.delete(id)
  return { ...held, codes }
}
