import type { MagCredential } from '../../shared/mag-channels'

/**
 * How long a MAG credential has left, as the tray and the expiry notifications tell it.
 *
 * The service's figures (`daysLeft`, `expired`) come from its own calendar, which can be
 * moved for development, so they win when they say less time is left. But they are a
 * snapshot: the app may run for days between two answers without a timer refreshing them,
 * so the days are also counted down from `expiresAt` on this computer's clock, and the
 * smaller of the two is told. `expired` stays the service's word: only it knows its grace
 * period; until it says so, a credential past its date is "due today" (0 days left).
 */
export type CredentialExpiry = {
  /** Whole days until expiry, rounded up; 0 on the last day and once expired. */
  daysLeft: number
  expired: boolean
}

const dayMs = 86_400_000

export function credentialExpiry(
  credential: Pick<MagCredential, 'expiresAt' | 'daysLeft' | 'expired'>,
  now: number,
): CredentialExpiry {
  const expiresAt = Date.parse(credential.expiresAt)
  const countedHere = Number.isNaN(expiresAt)
    ? credential.daysLeft
    : Math.max(0, Math.ceil((expiresAt - now) / dayMs))
  return {
    daysLeft: Math.max(0, Math.min(credential.daysLeft, countedHere)),
    expired: credential.expired,
  }
}

/** Only these credentials expire in a way the user can act on: pending and revoked ones never will. */
export function isTrackedCredential(credential: Pick<MagCredential, 'status'>): boolean {
  return credential.status === 'active' || credential.status === 'locked'
}
