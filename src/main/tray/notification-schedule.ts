import type { MagCredential } from '../../shared/mag-channels'
import type { MainLocale } from '../i18n/main-i18n'
import { credentialExpiry, isTrackedCredential } from './credential-expiry'

/**
 * Which expiry notifications to show now: a pure function of the credentials, the time and
 * what was already shown.
 *
 * Decisions:
 * - Four notices per credential and expiry date: 30, 7 and 1 days before, and one once
 *   expired. Each is shown once: its key names the credential, the expiry date and the
 *   notice, and the keys shown are kept across restarts (sent-notifications-store.ts).
 * - A renewal moves the expiry date, so the renewed credential's notices start afresh.
 * - Only the most urgent notice due is shown, and the less urgent ones are marked as sent
 *   with it: an app first started 5 days before expiry says "5 days" once, not "30 days"
 *   and "7 days" together; one started after expiry says only that it expired.
 * - The days left are the smaller of the service's count and one on this computer's clock
 *   (credential-expiry.ts), so a notice is not missed while no fresh state arrives.
 * - Pending and revoked credentials never get a notice.
 * - Worded in the UI language at the moment it is shown (`locale`); the keys name no language,
 *   so switching languages never shows a notice again.
 */

export type ExpiryNotice = '30-days' | '7-days' | '1-day' | 'expired'

/** From least to most urgent; a notice is due when the days left are at most its threshold. */
const thresholds: ReadonlyArray<{ notice: Exclude<ExpiryNotice, 'expired'>; days: number }> = [
  { notice: '30-days', days: 30 },
  { notice: '7-days', days: 7 },
  { notice: '1-day', days: 1 },
]

export type ScheduledNotification = {
  credentialId: string
  notice: ExpiryNotice
  title: string
  body: string
  /** The keys to record as sent: this notice's and those of the less urgent ones it stands for. */
  keys: string[]
}

export type ScheduleInput = {
  credentials: ReadonlyArray<
    Pick<
      MagCredential,
      'id' | 'type' | 'status' | 'expiresAt' | 'daysLeft' | 'expired' | 'renewOffered'
    >
  >
  now: number
  /** Keys already shown (sentKey). */
  sent: ReadonlySet<string>
  timeZone?: string
  /** The UI language's messages and dates. */
  locale: MainLocale
}

export function sentKey(
  credential: Pick<MagCredential, 'id' | 'expiresAt'>,
  notice: ExpiryNotice,
): string {
  return `${credential.id}@${credential.expiresAt}:${notice}`
}

export function notificationsDue(input: ScheduleInput): ScheduledNotification[] {
  const due: ScheduledNotification[] = []
  for (const credential of input.credentials) {
    if (!isTrackedCredential(credential)) continue
    const { daysLeft, expired } = credentialExpiry(credential, input.now)
    const reached: ExpiryNotice[] = expired
      ? [...thresholds.map((t) => t.notice), 'expired']
      : thresholds.filter((t) => daysLeft <= t.days).map((t) => t.notice)
    const mostUrgent = reached.at(-1)
    if (mostUrgent === undefined) continue
    if (input.sent.has(sentKey(credential, mostUrgent))) continue
    const date = input.locale.formatDate(credential.expiresAt, input.timeZone)
    due.push({
      credentialId: credential.id,
      notice: mostUrgent,
      ...wording({ type: credential.type, date, daysLeft, expired, credential }, input.locale.t),
      keys: reached.map((notice) => sentKey(credential, notice)),
    })
  }
  return due
}

function wording(
  details: {
    type: string
    date: string
    daysLeft: number
    expired: boolean
    credential: Pick<MagCredential, 'renewOffered'>
  },
  t: MainLocale['t'],
): { title: string; body: string } {
  const { type, date, daysLeft, expired, credential } = details
  if (expired) {
    return {
      title: t('tray.notification.expired.title', { type }),
      body: t('tray.notification.expired.body', { date }),
    }
  }
  return {
    title: t('tray.notification.expiring.title', { type, days: daysLeft }),
    body: t(
      credential.renewOffered
        ? 'tray.notification.expiring.bodyRenew'
        : 'tray.notification.expiring.bodyOptions',
      { date },
    ),
  }
}

/**
 * The keys worth keeping after recording `added`: those of credentials not in view stay (a
 * signed-out state lists none, and signing in again must not repeat notices), those of a
 * credential in view under an older expiry date go (it was renewed; they can never match).
 */
export function prunedSentKeys(
  sent: ReadonlySet<string>,
  credentials: ReadonlyArray<Pick<MagCredential, 'id' | 'expiresAt'>>,
): Set<string> {
  const current = new Map(credentials.map((c) => [c.id, `${c.id}@${c.expiresAt}:`]))
  const kept = new Set<string>()
  for (const key of sent) {
    const id = key.slice(0, key.indexOf('@'))
    const prefix = current.get(id)
    if (prefix === undefined || key.startsWith(prefix)) kept.add(key)
  }
  return kept
}
