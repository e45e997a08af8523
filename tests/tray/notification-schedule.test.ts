import { describe, expect, it } from 'vitest'
import {
  notificationsDue,
  prunedSentKeys,
  sentKey,
  type ExpiryNotice,
} from '../../src/main/tray/notification-schedule'
import type { MagCredential } from '../../src/shared/mag-channels'
import { credentialId, desktopCredential, hardwareCredentialId, now } from './fixtures'
import { localeIn } from './locale'

const dayMs = 86_400_000
const en = await localeIn('en')
const de = await localeIn('de')

function due(credentials: MagCredential[], sent: Iterable<string> = [], at = now, locale = en) {
  return notificationsDue({ credentials, now: at, sent: new Set(sent), timeZone: 'UTC', locale })
}

function notices(credentials: MagCredential[], sent: Iterable<string> = []): ExpiryNotice[] {
  return due(credentials, sent).map((notification) => notification.notice)
}

describe('notificationsDue', () => {
  it('30 days before: nothing at 31, the 30-day notice at 30, and at 29 if not shown yet', () => {
    expect(notices([desktopCredential(31)])).toEqual([])
    const [at30] = due([desktopCredential(30)])
    expect(at30).toEqual({
      credentialId,
      notice: '30-days',
      title: 'Your Desktop OTP credential expires in 30 days',
      body: 'It expires on 31 Dec 2026. Renew it from Manage OTP; renewing early loses nothing.',
      keys: [sentKey(desktopCredential(30), '30-days')],
    })
    expect(notices([desktopCredential(29)])).toEqual(['30-days'])
  })

  it('7 days before: the 30-day notice still at 8, the 7-day one at 7', () => {
    expect(notices([desktopCredential(8)])).toEqual(['30-days'])
    const credential = desktopCredential(7)
    expect(notices([credential], [sentKey(credential, '30-days')])).toEqual(['7-days'])
  })

  it('1 day before: the 7-day notice at 2, the 1-day one at 1 and on the last day (0 left, not expired)', () => {
    expect(notices([desktopCredential(2)])).toEqual(['7-days'])
    const [atOne] = due([desktopCredential(1)])
    expect(atOne).toMatchObject({
      notice: '1-day',
      title: 'Your Desktop OTP credential expires within a day',
    })
    // Past the date but inside the service's grace period: not expired yet.
    const [lastDay] = due([desktopCredential(0, { expired: false })])
    expect(lastDay).toMatchObject({
      notice: '1-day',
      title: 'Your Desktop OTP credential expires today',
    })
  })

  it('expired: one notice saying so, whatever was shown before', () => {
    const credential = desktopCredential(0)
    const [expired] = due([credential])
    expect(expired).toEqual({
      credentialId,
      notice: 'expired',
      title: 'Your Desktop OTP credential has expired',
      body: 'It expired on 1 Dec 2026 and no longer meets OTP requirements. Open Manage OTP to set up a new one.',
      keys: (['30-days', '7-days', '1-day', 'expired'] as const).map((n) => sentKey(credential, n)),
    })
    expect(notices([credential], [sentKey(credential, '1-day')])).toEqual(['expired'])
    expect(notices([credential], [sentKey(credential, 'expired')])).toEqual([])
  })

  it('shows each notice once, and only the most urgent one when several are due at once', () => {
    const credential = desktopCredential(5)
    const [first] = due([credential])
    expect(first?.notice).toBe('7-days')
    expect(first?.keys).toEqual([sentKey(credential, '30-days'), sentKey(credential, '7-days')])
    expect(notices([credential], first?.keys)).toEqual([])
    // Days later, the next threshold is due, and only it.
    expect(notices([desktopCredential(1)], first?.keys)).toEqual(['1-day'])
  })

  it('a renewed credential (new expiry date) starts afresh', () => {
    const before = desktopCredential(7)
    const sent = [sentKey(before, '30-days'), sentKey(before, '7-days')]
    expect(notices([before], sent)).toEqual([])
    const renewed = desktopCredential(7 + 365)
    expect(notices([renewed], sent)).toEqual([])
    // A year on, the renewed credential's own 30-day notice is due.
    expect(
      notificationsDue({
        credentials: [renewed],
        now: now + 342 * dayMs,
        sent: new Set(sent),
        timeZone: 'UTC',
        locale: en,
      }).map((n) => n.notice),
    ).toEqual(['30-days'])
  })

  it('several credentials, each on its own schedule; pending and revoked ones never', () => {
    const token = desktopCredential(1, {
      id: hardwareCredentialId,
      type: 'OTP Hardware Token',
      entryId: null,
      renewOffered: false,
    })
    const result = due([
      desktopCredential(20),
      token,
      desktopCredential(3, { id: 'pending-one', status: 'pending' }),
      desktopCredential(3, { id: 'revoked-one', status: 'revoked' }),
    ])
    expect(result.map((n) => [n.credentialId, n.notice])).toEqual([
      [credentialId, '30-days'],
      [hardwareCredentialId, '1-day'],
    ])
    expect(result[1]?.body).toBe('It expires on 2 Dec 2026. Open Manage OTP to see your options.')
  })

  it('counts down on this clock when no fresh state arrived', () => {
    // The service said 9 days, two days ago: by its expiry date 7 remain now.
    expect(
      notificationsDue({
        credentials: [desktopCredential(9)],
        now: now + 2 * dayMs,
        sent: new Set(),
        locale: en,
      }).map((n) => n.notice),
    ).toEqual(['7-days'])
  })

  it('a locked credential still expires and is told', () => {
    expect(notices([desktopCredential(7, { status: 'locked' })])).toEqual(['7-days'])
  })
})

describe('notificationsDue in German (the real catalogue)', () => {
  it('words each notice in German, the days as a German plural and the date as German writes it', () => {
    const title = (daysLeft: number, overrides: Partial<MagCredential> = {}) =>
      due([desktopCredential(daysLeft, overrides)], [], now, de)[0]?.title
    expect(title(30)).toBe('Ihr Desktop OTP-Zugang läuft in 30 Tagen ab')
    expect(title(1)).toBe('Ihr Desktop OTP-Zugang läuft innerhalb eines Tages ab')
    expect(title(0, { expired: false })).toBe('Ihr Desktop OTP-Zugang läuft heute ab')
    expect(due([desktopCredential(30)], [], now, de)[0]?.body).toBe(
      'Der Zugang läuft am 31. Dez. 2026 ab. Verlängern Sie ihn unter „OTP verwalten“; wer früh verlängert, verliert nichts.',
    )
    expect(due([desktopCredential(0)], [], now, de)[0]).toMatchObject({
      title: 'Ihr Desktop OTP-Zugang ist abgelaufen',
      body: 'Der Zugang ist am 1. Dez. 2026 abgelaufen und erfüllt die OTP-Anforderungen nicht mehr. Richten Sie unter „OTP verwalten“ einen neuen ein.',
    })
  })

  it('keys name no language: a notice shown in English is not shown again in German', () => {
    const credential = desktopCredential(7)
    const [english] = due([credential])
    expect(due([credential], english?.keys, now, de)).toEqual([])
  })
})

describe('prunedSentKeys', () => {
  it('drops the keys of an older expiry of a credential in view, keeps everything else', () => {
    const old = desktopCredential(3)
    const renewed = desktopCredential(368)
    const other = desktopCredential(3, { id: hardwareCredentialId })
    const sent = new Set([
      sentKey(old, '7-days'),
      sentKey(renewed, '30-days'),
      sentKey(other, '7-days'),
    ])
    expect([...prunedSentKeys(sent, [renewed])]).toEqual([
      sentKey(renewed, '30-days'),
      sentKey(other, '7-days'),
    ])
    // Signed out: nothing in view, nothing forgotten.
    expect(prunedSentKeys(sent, [])).toEqual(sent)
  })
})
