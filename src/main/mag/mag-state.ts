import type { CredentialView, GrantedApps, Profile } from '@mag/mag-contract'
import type { MagAccount, MagConnection, MagCredential, MagState } from '../../shared/mag-channels'

/**
 * Pure pieces of the MAG state the window and the tray are built from (MagState in
 * src/shared/mag-channels.ts). MagService holds the current value and bumps its revision.
 */

/**
 * When the gap between this computer's clock and the service's makes codes fail.
 *
 * A code computed here at local time t belongs to step floor(t / 30 s); the service, at its
 * time t + skew, accepts its current step and one either side. So any gap under one step
 * (30 s) is always accepted, and from 30 s on some codes are refused, from 60 s on all of
 * them. The warning starts before that, at 30 s minus a 10 s margin: a code is read, copied
 * and sent some seconds after it was computed (a code typed near the end of its period
 * arrives in the next one), and the Date header the skew is measured from is itself only
 * accurate to about a second. Below 20 s the service's ±1 step absorbs the gap entirely.
 */
export const CLOCK_WARNING_MS = 30_000 - 10_000

export function clockWarningFor(skewMs: number | null): boolean {
  return skewMs !== null && Math.abs(skewMs) >= CLOCK_WARNING_MS
}

export function initialConnection(
  serviceUrl: string | null,
  source: MagConnection['source'],
): MagConnection {
  return {
    serviceUrl,
    source,
    status: serviceUrl === null ? 'not-configured' : 'unknown',
    problem: null,
    clockSkewMs: null,
    clockWarning: false,
  }
}

export function signedOutState(connection: MagConnection, revision: number): MagState {
  return {
    connection,
    session: 'signed-out',
    account: null,
    apps: [],
    credentials: [],
    revision,
  }
}

/** The profile as the window sees it: names and strength, never the session's ids. */
export function accountFromProfile(profile: Profile): MagAccount {
  return {
    displayName: profile.displayName,
    email: profile.email,
    username: profile.username,
    organization: profile.organization.name,
    strength: profile.strength,
    strengthCredential: profile.strengthCredential,
  }
}

/** The service's credentials, each with the vault entry holding its seed (null: not held). */
export function credentialsWithEntries(
  credentials: readonly CredentialView[],
  entryIdOf: (credentialId: string) => string | undefined,
): MagCredential[] {
  return credentials.map((credential) => ({
    ...credential,
    entryId: entryIdOf(credential.id) ?? null,
  }))
}

/**
 * The apps as listed, with `requirementsMet` as the service judged it for the session's
 * strength at that moment; after an Elevate the list is asked for again.
 */
export function appsOf(granted: GrantedApps): MagState['apps'] {
  return granted.apps.map((app) => ({ ...app }))
}

/**
 * The credential whose OTP the app should supply: an active, unexpired one of the account,
 * the one the vault holds first (its code can be computed here), else any other (the user
 * types its code). Undefined when the account has none usable.
 */
export function usableCredential(credentials: readonly MagCredential[]): MagCredential | undefined {
  const usable = credentials.filter((c) => c.status === 'active' && !c.expired)
  return usable.find((c) => c.entryId !== null) ?? usable[0]
}

/**
 * Why no credential can supply an OTP, as the service would answer it: a locked one (resync
 * it), an expired one (buy new), or none at all.
 */
export function whyNoUsableCredential(
  credentials: readonly MagCredential[],
): 'credential-locked' | 'credential-expired' | 'credential-inactive' | 'no-otp-credential' {
  if (credentials.some((c) => c.status === 'locked' && !c.expired)) return 'credential-locked'
  if (credentials.some((c) => c.status !== 'revoked' && c.expired)) return 'credential-expired'
  if (credentials.some((c) => c.status === 'pending')) return 'credential-inactive'
  return 'no-otp-credential'
}
