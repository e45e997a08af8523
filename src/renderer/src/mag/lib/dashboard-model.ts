import type { CredentialType } from '@mag/mag-contract'
import type { MessageId } from '../../../../shared/i18n/namespaces'
import type { MagApp, MagCredential, MagState } from '../../../../shared/mag-channels'

/**
 * What the dashboard and Manage OTP decide from the state main sends: kept out of the
 * components so each rule is one tested function.
 */

/** A credential that can still give the session OTP strength: bound, active, not expired. */
export function isUsable(credential: MagCredential): boolean {
  return credential.status === 'active' && !credential.expired
}

/** The credential the session's strength came from, as listed (with its expiry facts). */
export function strengthCredential(state: MagState): MagCredential | undefined {
  const id = state.account?.strengthCredential?.id
  return id === undefined ? undefined : state.credentials.find((c) => c.id === id)
}

/**
 * Elevate is offered at password strength when there is something to elevate with: a usable
 * credential (main computes the code for one it holds, or asks for the code of one it does not).
 */
export function canElevate(state: MagState): boolean {
  return (
    state.session === 'active' &&
    state.account?.strength === 'password' &&
    state.credentials.some(isUsable)
  )
}

/** The credential Get 2FA should offer to renew instead of selling a second one, if any. */
export function renewalInsteadOf(
  credentials: readonly MagCredential[],
  credentialType?: CredentialType,
): MagCredential | undefined {
  return credentials.find(
    (c) => c.renewOffered && (credentialType === undefined || c.type === credentialType),
  )
}

/** Credentials whose expiry date must be shown (30 days or fewer left, not yet expired). */
export function expiringSoon(credentials: readonly MagCredential[]): MagCredential[] {
  return credentials.filter((c) => c.expiryShown && !c.expired && c.status !== 'revoked')
}

/** Credentials that expired: their OTP no longer counts and Renew is gone. */
export function expired(credentials: readonly MagCredential[]): MagCredential[] {
  return credentials.filter((c) => c.expired && c.status !== 'revoked')
}

/** Resync: only a locked credential; the app fills in the codes when it holds the seed. */
export function resyncNeedsCodes(credential: MagCredential): boolean {
  return credential.entryId === null
}

/** Newest purchase first: the credential a user is most likely looking for. */
export function sortCredentials(credentials: readonly MagCredential[]): MagCredential[] {
  return [...credentials].sort((a, b) => b.purchasedAt.localeCompare(a.purchasedAt))
}

/**
 * What a partner application asks of the session, as its list row says it: an OTP app whose
 * requirement is not met yet either steps up first (a usable credential exists) or cannot.
 */
export function appRequirement(
  app: Pick<MagApp, 'requiredStrength' | 'requirementsMet'>,
  canStepUp: boolean,
): MessageId {
  if (app.requiredStrength !== 'otp') return 'magAccount.apps.passwordSignIn'
  if (app.requirementsMet) return 'magAccount.apps.requiresOtp'
  return canStepUp
    ? 'magAccount.apps.requiresOtpStepUp'
    : 'magAccount.apps.requiresOtpNeedsCredential'
}
