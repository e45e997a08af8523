import { useEffect, useRef } from 'react'

/**
 * Calls `onWake` when the component mounts and each time the window gains focus or shows
 * again: the moments a user may have clicked a link or changed the vault elsewhere. No timer:
 * a hidden window does nothing until it shows.
 */
export function useWindowWake(onWake: () => void): void {
  const latest = useRef(onWake)
  useEffect(() => {
    latest.current = onWake
  }, [onWake])

  useEffect(() => {
    const wake = () => {
      if (document.visibilityState !== 'hidden') latest.current()
    }
    window.addEventListener('focus', wake)
    document.addEventListener('visibilitychange', wake)
    wake()
    return () => {
      window.removeEventListener('focus', wake)
      document.removeEventListener('visibilitychange', wake)
    }
  }, [])
}
