import type { MagAuthApi } from '../../../shared/channels'
import type { EntrySummary } from '../../../shared/entry'
import type { VaultStatus } from '../../../shared/vault-status'
import { firstScreenIds, type FetchedCodes } from './code-fetch'

/** A call started early whose answer the first screen to ask for it takes, once. */
export type Prefetched<T> = {
  take: () => Promise<T> | undefined
  /**
   * The answer, taken, if it has already arrived (and succeeded); otherwise nothing is
   * taken. A screen's first render starts from it, so the rows and their codes are in the
   * very first commit instead of arriving one render (and one frame) after another.
   */
  takeArrived: () => { value: T } | undefined
}

function prefetched<T>(early: Promise<T> | undefined): Prefetched<T> {
  let pending = early
  let arrived: { value: T } | undefined
  // Nobody may ever take it (e.g. start-up fails first): that is not an unhandled rejection.
  pending?.then(
    (value) => {
      if (pending === early) arrived = { value }
    },
    () => undefined,
  )
  return {
    take() {
      const taken = pending
      pending = undefined
      arrived = undefined
      return taken
    },
    takeArrived() {
      const taken = arrived
      if (taken) {
        pending = undefined
        arrived = undefined
      }
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
 * The calls every start needs, sent at once before React renders anything: the vault
 * status, the account list and the codes of the first screen's rows (`first`: main knows
 * which entries come first), so the first screen waits for one round trip, not a render
 * and another call in between. Codes are used only from a ready vault (a vault that is not
 * ready answers the codes call with an error, which is then dropped).
 *
 * The status is handed over only once the list and the first codes are in (or failed):
 * the status is what mounts the Codes screen, which then starts from the answers that
 * arrived (takeArrived), so the first screen is committed and painted once, complete,
 * rather than as an empty list, then rows, then codes, a frame or more apart.
 * Only the first taker gets an early answer: a later mount (after "Try again") asks afresh.
 */
export function startLoading(api: MagAuthApi, firstScreenRows: number): Startup {
  const status = api.getVaultStatus()
  const entries = api.listEntries()
  // A hidden window fetches no codes; useCodes asks when it shows.
  const codes =
    document.visibilityState === 'hidden'
      ? undefined
      : api.getCodes({ first: Math.max(1, firstScreenRows) })
  // Dropped when the vault is not ready or start-up failed: not an unhandled rejection.
  codes?.catch(() => undefined)
  const firstCodes =
    codes &&
    Promise.all([status, entries]).then(async ([vault, list]): Promise<EarlyCodes | undefined> => {
      if (vault.state !== 'ready') return undefined
      // The same rows main answered for: `asked` is what the screen then replaces.
      return {
        list,
        fetched: { asked: firstScreenIds(list, firstScreenRows), answer: await codes },
      }
    })
  const firstScreenIn = Promise.allSettled([entries, firstCodes])
  return {
    status: prefetched(firstScreenIn.then(() => status)),
    entries: prefetched(entries),
    firstCodes: prefetched(firstCodes),
  }
}
