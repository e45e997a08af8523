import { useCallback, useRef } from 'react'
import type { MagAuthApi } from '../../../shared/channels'
import type { MagRequestedScreen } from '../../../shared/mag-channels'
import { useWindowWake } from '../hooks/useWindowWake'

/**
 * The one piece of the MAG feature in the first screen's bundle (types aside): when the
 * window wakes, it asks main for a screen the tray or a notification requested, so App can
 * open the MAG section, whose code then loads. Checked after the first paint, never on a timer.
 */
export function useMagScreenRequests(
  api: Pick<MagAuthApi, 'magTakeRequestedScreen'>,
  onRequest: (screen: MagRequestedScreen, serial: number) => void,
): void {
  const serial = useRef(0)
  const check = useCallback(() => {
    api.magTakeRequestedScreen().then(
      (screen) => {
        if (screen) onRequest(screen, ++serial.current)
      },
      // Nothing to open; MAG's own screens say what is wrong with it.
      () => undefined,
    )
  }, [api, onRequest])
  useWindowWake(check)
}

/** The window section a requested screen lives in (Manage OTP and Renew are My Account). */
export function sectionOfRequest(screen: MagRequestedScreen): 'mag' | 'account' {
  return screen.screen === 'manage-otp' || screen.screen === 'renew' ? 'account' : 'mag'
}
