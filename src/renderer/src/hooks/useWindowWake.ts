import { useEffect, useRef } from 'react'
import { watchWindowWake } from '../lib/window-wake'

/**
 * Calls `onWake` when the component mounts and each time the window shows again or gains
 * focus, once per return (lib/window-wake.ts says when). No timer: a hidden window does
 * nothing until it shows.
 */
export function useWindowWake(onWake: () => void): void {
  const latest = useRef(onWake)
  useEffect(() => {
    latest.current = onWake
  }, [onWake])

  useEffect(() => watchWindowWake({ window, document }, () => latest.current()), [])
}
