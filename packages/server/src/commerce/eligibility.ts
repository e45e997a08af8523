/**
 * Subscription calendar rules, as pure functions of a credential and the calendar "now".
 *
 * - A subscription runs one year from the purchase (payment) date.
 * - A credential is expired once now is past expiry plus the grace days (grace default 0);
 *   at the exact expiry instant it is still valid.
 * - Renew is offered only while the credential is bound (active or locked: a lock is undone
 *   by resync, not by buying) and not expired.
 * - A renewal extends from the old expiry, so renewing early loses nothing.
 */

const dayMs = 24 * 60 * 60 * 1000

import type { CredentialStatus } from '../db/schema'

export type { CredentialStatus }

export interface CredentialCalendarView {
  status: CredentialStatus
  expiresAt: Date
}

/**
 * One calendar year later in UTC. Feb 29 has no twin in a common year, so it becomes Feb 28:
 * the subscription never runs longer than the year it was sold as.
 */
export function addOneYear(from: Date): Date {
  const year = from.getUTCFullYear() + 1
  const month = from.getUTCMonth()
  const lastDayOfTargetMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(from.getUTCDate(), lastDayOfTargetMonth)
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  )
}

export function subscriptionExpiry(purchasedAt: Date): Date {
  return addOneYear(purchasedAt)
}

export function isExpired(expiresAt: Date, now: Date, graceDays: number): boolean {
  return now.getTime() > expiresAt.getTime() + graceDays * dayMs
}

export function isBound(status: CredentialStatus): boolean {
  return status === 'active' || status === 'locked'
}

export type RenewalEligibility =
  { eligible: true } | { eligible: false; reason: 'not-bound' | 'expired'; message: string }

export function renewalEligibility(
  credential: CredentialCalendarView,
  now: Date,
  graceDays: number,
): RenewalEligibility {
  if (!isBound(credential.status)) {
    return {
      eligible: false,
      reason: 'not-bound',
      message:
        credential.status === 'pending'
          ? 'This credential is not activated yet; only an activated credential can be renewed.'
          : 'This credential is revoked and can no longer be renewed.',
    }
  }
  if (isExpired(credential.expiresAt, now, graceDays)) {
    return {
      eligible: false,
      reason: 'expired',
      message:
        'This credential has expired and can no longer be renewed; buy a new credential instead.',
    }
  }
  return { eligible: true }
}

/** Whole days until expiry, rounded up (an expiry later today is "1 day left"); 0 once past. */
export function daysLeft(expiresAt: Date, now: Date): number {
  const remaining = expiresAt.getTime() - now.getTime()
  return remaining <= 0 ? 0 : Math.ceil(remaining / dayMs)
}

/** The expiry date shows under Credential Strength when 30 days or fewer remain. */
export function expiryShown(expiresAt: Date, now: Date): boolean {
  return daysLeft(expiresAt, now) <= 30
}

/** The new expiry of a renewal: one year after the old expiry, even when renewed in grace. */
export function renewedExpiry(oldExpiresAt: Date): Date {
  return addOneYear(oldExpiresAt)
}
