import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { EntrySummary, TotpCode } from '../../../shared/entry'
import { useApi } from '../api-context'
import {
  applyCodes,
  entryNames,
  fetchCodes,
  firstScreenIds,
  forgetRenamed,
  type FetchedCodes,
  type HeldCodes,
} from '../lib/code-fetch'
import { createCodeTicker, type CodeTicker } from '../lib/code-ticker'
import { codesAreStale } from '../lib/code-timing'
import { errorMessage } from '../lib/errors'
import type { EarlyCodes, Prefetched } from '../lib/startup'
import { useDocumentVisible } from '../hooks/useDocumentVisible'

export type CodesState = {
  codes: ReadonlyMap<string, TotpCode>
  /** Entries whose secret main could not decrypt: their rows say so instead of loading. */
  unreadable: ReadonlySet<string>
  /** Of `unreadable`: changed outside the app; their rows say that, and never show a code. */
  tampered: ReadonlySet<string>
  /** The time the screen was last woken: rows decide next-code previews from it. */
  now: number
  error: string | undefined
}

const browserClock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
}

const nothingHeld: HeldCodes = { codes: new Map(), unreadable: new Set(), tampered: new Set() }

/**
 * Current and next TOTP codes for every TOTP entry, fetched from main when the entries
 * change, at each period boundary and when the window shows again. One timer, armed for
 * the next moment something changes; none at all while the window is hidden.
 *
 * The first time, only the rows on the first screen (`firstScreenRows` of the list) are
 * asked for, or taken from `early` (asked for at start-up; when already arrived, the very
 * first render shows them), and every code right after those are shown: with a thousand
 * accounts, computing and sending all codes takes main tens of milliseconds that the first
 * paint need not wait for.
 */
export function useCodes(
  entries: readonly EntrySummary[],
  firstScreenRows: number,
  early: Prefetched<EarlyCodes | undefined>,
): CodesState {
  const api = useApi()
  const visible = useDocumentVisible()
  // The first screen's codes asked for at start-up, when they are already here and were
  // chosen from this very list: the first render shows them (see startup.ts).
  const [held, setHeld] = useState<HeldCodes>(() => {
    const arrived = early.takeArrived()?.value
    return arrived !== undefined && arrived.list === entries
      ? applyCodes(nothingHeld, arrived.fetched)
      : nothingHeld
  })
  const [now, setNow] = useState(() => Date.now())
  const [error, setError] = useState<string>()
  /** Bumped when a first-screen answer is shown, to ask for the rest after it. */
  const [partialShown, setPartialShown] = useState(0)
  const heldRef = useRef(held)
  useEffect(() => {
    heldRef.current = held
  }, [held])
  const requestSerial = useRef(0)

  const totpKey = useMemo(
    () =>
      entries
        .filter((entry) => entry.type === 'totp')
        .map((entry) => `${entry.id}:${entry.period}:${entry.digits}:${entry.algorithm}`)
        .join(','),
    [entries],
  )
  const periods = useMemo(
    () => [...new Set(entries.filter((e) => e.type === 'totp').map((e) => e.period))],
    [entries],
  )

  /** Shows an answer for every code, or for some (merged into what is held). */
  const receive = useCallback(async (request: Promise<FetchedCodes>) => {
    const serial = ++requestSerial.current
    try {
      const fetched = await request
      // A slower, older answer must not replace a newer one.
      if (serial !== requestSerial.current) return
      setHeld((current) => applyCodes(current, fetched))
      if (fetched.asked !== undefined) setPartialShown((count) => count + 1)
      setNow(Date.now())
      setError(undefined)
    } catch (caught) {
      if (serial === requestSerial.current) setError(errorMessage(caught))
    }
  }, [])
  const refresh = useCallback(() => receive(fetchCodes(api, undefined)), [api, receive])

  // Names are bound to the secrets in main. When an entry's names change under the screen
  // (a rename, or the data file edited while the app is open), its code is dropped before
  // the next paint (a layout effect) and every code is asked for again, so a row never shows
  // a code under a name main has not checked.
  const names = useMemo(() => entryNames(entries), [entries])
  const namesRef = useRef(names)
  useLayoutEffect(() => {
    const forgotten = forgetRenamed(heldRef.current, namesRef.current, names)
    namesRef.current = names
    if (!forgotten) return
    heldRef.current = forgotten
    setHeld(forgotten)
    void refresh()
  }, [names, refresh])

  const ticker = useRef<CodeTicker | null>(null)
  ticker.current ??= createCodeTicker(browserClock, (wokeAt) => {
    setNow(wokeAt)
    const validUntils = [...heldRef.current.codes.values()].map((code) => code.validUntil)
    if (codesAreStale(validUntils, wokeAt)) void refresh()
  })

  useEffect(() => {
    const current = ticker.current
    if (!visible || totpKey === '' || !current) return
    const { codes, unreadable } = heldRef.current
    const missing = entries.some(
      (entry) => entry.type === 'totp' && !codes.has(entry.id) && !unreadable.has(entry.id),
    )
    const stale = codesAreStale(
      [...codes.values()].map((code) => code.validUntil),
      Date.now(),
    )
    if (missing || stale) {
      if (codes.size === 0 && unreadable.size === 0) {
        // Nothing shown yet: the first screen first; everything else is asked for after it.
        const first = firstScreenIds(entries, firstScreenRows)
        // The early answer only fits the very list it was chosen from (not, say, the empty
        // list of a first start once an account was added).
        const asked = early
          .take()
          ?.then((codes) =>
            codes !== undefined && codes.list === entries ? codes.fetched : fetchCodes(api, first),
          )
        void receive(asked ?? fetchCodes(api, first))
      } else {
        void refresh()
      }
    }
    current.start(periods)
    return () => current.stop()
    // `entries` is summarised by totpKey; a rename alone needs no new codes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, totpKey, periods, refresh, receive])

  // The first screen's codes are committed (and go to the screen before this request can
  // answer); now every code, so scrolling and search find them ready. A hidden window asks
  // for them when it shows again, as the effect above finds them missing.
  useEffect(() => {
    if (partialShown > 0 && document.visibilityState !== 'hidden') void refresh()
  }, [partialShown, refresh])

  return {
    codes: held.codes,
    unreadable: held.unreadable,
    tampered: held.tampered,
    now,
    error,
  }
}
