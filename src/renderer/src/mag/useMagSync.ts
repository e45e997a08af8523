import { useEffect, useRef } from 'react'
import { useDocumentVisible } from '../hooks/useDocumentVisible'
import { useWindowWake } from '../hooks/useWindowWake'
import type { MagStore } from './mag-store'

/** How often a visible window re-reads main's MAG state (no network), and asks the service while it is down. */
export const STATE_READ_MS = 30_000
export const OFFLINE_RETRY_MS = 20_000
/** A wake asks the service again at most this often (focus can bounce between windows). */
export const WAKE_REFRESH_MS = 10_000

/**
 * Keeps the window's MAG state current while MAG is in use: main cannot push, so the window
 * asks when it wakes (focus, shown) and, only while visible, now and then: the tray may have
 * signed out, or the service come back. A hidden window runs no timer.
 */
export function useMagSync(store: MagStore): void {
  const visible = useDocumentVisible()
  const lastRefresh = useRef(0)

  useWindowWake(() => {
    const now = Date.now()
    if (now - lastRefresh.current < WAKE_REFRESH_MS) return
    lastRefresh.current = now
    void store.refresh()
  })

  useEffect(() => {
    if (!visible) return
    const read = window.setInterval(() => void store.load(), STATE_READ_MS)
    const retry = window.setInterval(() => {
      const status = store.getSnapshot().state?.connection.status
      if (status === 'offline' || status === 'bad-response') void store.refresh()
    }, OFFLINE_RETRY_MS)
    return () => {
      window.clearInterval(read)
      window.clearInterval(retry)
    }
  }, [visible, store])
}
