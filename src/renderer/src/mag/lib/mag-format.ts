import type { MagCredential } from '../../../../shared/mag-channels'

/**
 * How MAG facts read on screen. Dates, numbers, money and durations go through Intl, so
 * they follow the user's locale; `locale` is only for tests (undefined: the system's).
 */

/** "1 Dec 2027": a day is what a subscription is counted in, so no time of day. */
export function formatDate(iso: string, locale?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date)
}

/** "1 Dec 2027, 14:05": orders and invoices, where the moment matters. */
export function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

function unit(value: number, name: 'day' | 'minute' | 'second' | 'hour', locale?: string) {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(
    value,
  )
}

/** "12 days left", "1 day left", "Expired" (the service counts whole days, rounded up). */
export function formatDaysLeft(
  credential: Pick<MagCredential, 'daysLeft' | 'expired'>,
  locale?: string,
): string {
  if (credential.expired) return 'Expired'
  return `${unit(credential.daysLeft, 'day', locale)} left`
}

/** "€24.00" from minor units. */
export function formatMoney(cents: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100)
  } catch {
    // An unknown currency code: still show the amount rather than fail the screen.
    return `${(cents / 100).toFixed(2)} ${currency}`
  }
}

/** "2 minutes 5 seconds": a clock gap a user can compare with their own clock. */
export function formatDuration(ms: number, locale?: string): string {
  const totalSeconds = Math.round(Math.abs(ms) / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const parts: string[] = []
  if (hours > 0) parts.push(unit(hours, 'hour', locale))
  if (minutes > 0) parts.push(unit(minutes, 'minute', locale))
  if (seconds > 0 || parts.length === 0) parts.push(unit(seconds, 'second', locale))
  return parts.join(' ')
}

/**
 * The clock banner's sentence. `skewMs` is the service's clock minus this computer's, so a
 * positive gap means this computer is behind.
 */
export function describeClockSkew(skewMs: number, locale?: string): string {
  const direction = skewMs > 0 ? 'behind' : 'ahead of'
  return `This computer's clock is ${formatDuration(skewMs, locale)} ${direction} the MAG service's.`
}

export type StatusTone = 'success' | 'warning' | 'danger' | 'neutral'

/** A credential's state in one word and a colour, most urgent first. */
export function credentialStatus(
  credential: Pick<MagCredential, 'status' | 'expired' | 'expiryShown'>,
): { label: string; tone: StatusTone } {
  if (credential.status === 'revoked') return { label: 'Revoked', tone: 'neutral' }
  if (credential.expired) return { label: 'Expired', tone: 'danger' }
  if (credential.status === 'locked') return { label: 'Locked', tone: 'danger' }
  if (credential.status === 'pending') return { label: 'Not activated', tone: 'neutral' }
  if (credential.expiryShown) return { label: 'Expires soon', tone: 'warning' }
  return { label: 'Active', tone: 'success' }
}

/** Credential Strength in words: which kind of proof the session was started or raised with. */
export function strengthLabel(strength: string): string {
  return strength === 'password' ? 'Password only' : strength
}
