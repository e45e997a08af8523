import type { MagAuthApi } from '../../../shared/channels'
import type { EntrySummary } from '../../../shared/entry'
import type { VaultStatus } from '../../../shared/vault-status'
import { fetchCodes, firstScreenIds, type FetchedCodes } from './code-fetch'

/** A call started early whose answer the first screen to ask for it takes, once. */
export type Prefetched<T> = { take: () => Promise<T> | undefined }

function prefetched<T>(early: Promise<T> | undefined): Prefetched<T> {
  let pending = early
  // Nobody may ever take it (e.g. start-up fails first): that is not an unhandled rejection.
  pending?.catch(() => undefined)
  return {
    take() {
      const taken = pending
      pending = undefined
      return taken
    },
  }
}

/** Codes asked for at start-up, with the account list they were chosen from. */
export type EarlyCodes = { list: readonly EntrySummary[]; fetched: FetchedCodes }

export type Startup = {
  status: Prefetched<VaultStatus>
  entries: Prefetched<EntrySummary[]>
  /**
   * The codes of the rows on the first screen; undefined when the vault was not ready,
   * nothing at all when the window started hidden.
   */
  firstCodes: Prefetched<EarlyCodes | undefined>
}

/**
 * The calls every start needs, sent before React renders anything: the account list does
 * not wait for the vault status and a render in between, and the first screen's codes are
 * asked for the moment the list arrives, while React is still rendering the list. Both
 * screens show the list, so it is never wasted; codes are asked for only from a ready vault.
 * Only the first taker gets an early answer: a later mount (after "Try again") asks afresh.
 */
export function startLoading(api: MagAuthApi, firstScreenRows: number): Startup {
  const status = api.getVaultStatus()
  const entries = api.listEntries()
  // A hidden window fetches no codes; useCodes asks when it shows.
  const firstCodes =
    document.visibilityState === 'hidden'
      ? undefined
      : Promise.all([status, entries]).then(([vault, list]) =>
          vault.state === 'ready'
            ? fetchCodes(api, firstScreenIds(list, firstScreenRows)).then((fetched) => ({
                list,
                fetched,
              }))
            : undefined,
        )
  return {
    status: prefetched(status),
    entries: prefetched(entries),
    firstCodes: prefetched(firstCodes),
  }
}
