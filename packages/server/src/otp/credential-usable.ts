/**
 * Whether a credential still counts as OTP strength: bound (active) and not past its expiry
 * plus the renewal grace, judged on the calendar clock (which the dev offset moves).
 */
import { addDays } from '../clock'
import type { CredentialsTable } from '../db/schema'

export function isExpired(expiresAtIso: string, calendarNow: Date, graceDays: number): boolean {
  return calendarNow.getTime() > addDays(new Date(expiresAtIso), graceDays).getTime()
}

export function countsAsOtpStrength(
  credential: Pick<CredentialsTable, 'status' | 'expires_at'>,
  calendarNow: Date,
  graceDays: number,
): boolean {
  return credential.status === 'active' && !isExpired(credential.expires_at, calendarNow, graceDays)
}
