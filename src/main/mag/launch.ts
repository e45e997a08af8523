import { isSafeExternalUrl } from '../shell/safe-shell'
import type { MagApp } from '../../shared/mag-channels'

/**
 * Whether a launch ticket URL may be handed to the browser. A ticket is a sign-in: opened
 * anywhere but the application's registered origin, it would hand the user's session to
 * whoever is there. So the URL must be on exactly that origin (as the service's app list
 * states it, not as the launch answer claims), and it must also pass the one safe-shell rule
 * (https, or http on loopback; no credentials in the URL), which openExternalSafely checks
 * again when it opens it.
 *
 * The refusal names the origin it found, never the URL: the URL carries the ticket.
 */
export type TicketDecision =
  { open: true; url: string; origin: string } | { open: false; foundOrigin: string | null }

export function decideTicketUrl(ticketUrl: string, app: Pick<MagApp, 'origin'>): TicketDecision {
  const registered = originOf(app.origin)
  const found = originOf(ticketUrl)
  if (registered === null || found === null || found !== registered) {
    return { open: false, foundOrigin: found }
  }
  if (!isSafeExternalUrl(ticketUrl, [registered])) return { open: false, foundOrigin: found }
  return { open: true, url: ticketUrl, origin: registered }
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    // "null" is the origin of schemes without one (javascript:, data:, file:).
    return parsed.origin === 'null' ? null : parsed.origin
  } catch {
    return null
  }
}

/** Partner origins the safe shell may open: the registered origins of the granted apps. */
export function partnerOrigins(apps: readonly Pick<MagApp, 'origin'>[]): string[] {
  return [...new Set(apps.map((app) => originOf(app.origin)).filter((o) => o !== null))]
}
