import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { EntrySummary, TotpCode } from '../../../shared/entry'
import { useApi } from '../api-context'
import { createCodeTicker, type CodeTicker } from '../lib/code-ticker'
import { codesAreStale } from '../lib/code-timing'
import { errorMessage } from '../lib/errors'
import { useDocumentVisible } from './useDocumentVisible'

export type CodesState = {
  codes: ReadonlyMap<string, TotpCode>
  /** Entries whose secret main could not decrypt: their rows say so instead of loading. */
  unreadable: ReadonlySet<string>
  /** The time the screen was last woken: rows decide next-code previews from it. */
  now: number
  error: string | undefined
}

const browserClock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
}

/**
 * Current and next TOTP codes for every TOTP entry, fetched from main when the entries
 * change, at each period boundary and when the window shows again. One timer, armed for
 * the next moment something changes; none at all while the window is hidden.
 */
export function useCodes(entries: readonly EntrySummary[]): CodesState {
  const api = useApi()
  const visible = useDocumentVisible()
  const [codes, setCodes] = useState<ReadonlyMap<string, TotpCode>>(new Map())
  const [unreadable, setUnreadable] = useState<ReadonlySet<string>>(new Set())
  const [now, setNow] = useState(() => Date.now())
  const [error, setError] = useState<string>()
  const codesRef = useRef(codes)
  const unreadableRef = useRef(unreadable)
  useEffect(() => {
    codesRef.current = codes
    unreadableRef.current = unreadable
  }, [codes, unreadable])
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

  const refresh = useCallback(async () => {
    const serial = ++requestSerial.current
    try {
      const result = await api.getCodes({})
      // A slower, older answer must not replace a newer one.
      if (serial !== requestSerial.current) return
      setCodes(new Map(result.codes.map((code) => [code.id, code])))
      setUnreadable(new Set(result.unreadable))
      setNow(Date.now())
      setError(undefined)
    } catch (caught) {
      if (serial === requestSerial.current) setError(errorMessage(caught))
    }
  }, [api])

  const ticker = useRef<CodeTicker | null>(null)
  ticker.current ??= createCodeTicker(browserClock, (wokeAt) => {
    setNow(wokeAt)
    const held = [...codesRef.current.values()].map((code) => code.validUntil)
    if (codesAreStale(held, wokeAt)) void refresh()
  })

  // Codes for every account are asked for at once, alongside the account list, instead of
  // after it: the first paint then waits for one round trip, not two.
  useEffect(() => {
    if (document.visibilityState !== 'hidden') void refresh()
  }, [refresh])

  useEffect(() => {
    const current = ticker.current
    if (!visible || totpKey === '' || !current) return
    const held = codesRef.current
    const missing = entries.some(
      (entry) =>
        entry.type === 'totp' && !held.has(entry.id) && !unreadableRef.current.has(entry.id),
    )
    if (
      missing ||
      codesAreStale(
        [...held.values()].map((code) => code.validUntil),
        Date.now(),
      )
    ) {
      void refresh()
    }
    current.start(periods)
    return () => current.stop()
    // `entries` is summarised by totpKey; a rename alone needs no new codes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, totpKey, periods, refresh])

  return { codes, unreadable, now, error }
}
