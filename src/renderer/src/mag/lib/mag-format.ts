import type { MessageId } from '../../../../shared/i18n/namespaces'
import type { MagCredential } from '../../../../shared/mag-channels'
import type { Translate } from '../../i18n/useT'
import type { Message } from '../../lib/message'

/**
 * How MAG facts read on screen. Dates, numbers, money and durations go through Intl for the
 * UI language (components pass useT().language); sentences are message descriptors the
 * component translates, so this module stays pure and testable in any language.
 */

function unit(value: number, name: 'day' | 'minute' | 'second' | 'hour', locale: string) {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(
    value,
  )
}

/** "12 days left", "1 day left", "Expired" (the service counts whole days, rounded up). */
export function daysLeftMessage(credential: Pick<MagCredential, 'daysLeft' | 'expired'>): Message {
  if (credential.expired) return { id: 'magAccount.status.expired' }
  return { id: 'common.daysLeft', values: { count: credential.daysLeft } }
}

/**
 * The sentence an expiring or expired credential's notice reads ("Your Desktop OTP expires on
 * <0>1 Dec 2027</0> (in 12 days)."; <0> is the date's emphasis). `date` is the expiry as the
 * UI language writes it (useT().formatDate).
 */
export function expiryMessage(
  credential: Pick<MagCredential, 'type' | 'daysLeft' | 'expired'>,
  date: string,
): Message {
  return credential.expired
    ? { id: 'magAccount.expiry.gone', values: { type: credential.type, date } }
    : {
        id: 'magAccount.expiry.soon',
        values: { type: credential.type, date, days: credential.daysLeft },
      }
}

/** "2 minutes 5 seconds": a clock gap a user can compare with their own clock. */
export function formatDuration(ms: number, locale: string): string {
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
export function describeClockSkew(skewMs: number, locale: string): Message {
  const duration = formatDuration(skewMs, locale)
  return {
    id: skewMs > 0 ? 'magAccount.clock.behind' : 'magAccount.clock.ahead',
    values: { duration },
  }
}

export type StatusTone = 'success' | 'warning' | 'danger' | 'neutral'

/** A credential's state in one word (its message id) and a colour, most urgent first. */
export function credentialStatus(
  credential: Pick<MagCredential, 'status' | 'expired' | 'expiryShown'>,
): { label: MessageId; tone: StatusTone } {
  if (credential.status === 'revoked')
    return { label: 'magAccount.status.revoked', tone: 'neutral' }
  if (credential.expired) return { label: 'magAccount.status.expired', tone: 'danger' }
  if (credential.status === 'locked') return { label: 'magAccount.status.locked', tone: 'danger' }
  if (credential.status === 'pending')
    return { label: 'magAccount.status.notActivated', tone: 'neutral' }
  if (credential.expiryShown) return { label: 'magAccount.status.expiresSoon', tone: 'warning' }
  return { label: 'magAccount.status.active', tone: 'success' }
}

/**
 * Credential Strength in words: which kind of proof the session was started or raised with
 * (a credential type is a product name, shown as it is).
 */
export function strengthLabel(strength: string, t: Translate): string {
  return strength === 'password' ? t('magAccount.strength.passwordOnly') : strength
}

/** Where a credential is: its serial (a hardware token), or whether this app holds its seed. */
export function credentialHolder(credential: Pick<MagCredential, 'serial' | 'entryId'>): Message {
  if (credential.serial)
    return { id: 'magAccount.credential.serial', values: { serial: credential.serial } }
  return { id: credential.entryId ? 'magAccount.credential.held' : 'magAccount.credential.notHeld' }
}
