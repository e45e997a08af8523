import { setupI18n, type I18n } from '@lingui/core'
import { I18nProvider } from '@lingui/react'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadMessages } from 'virtual:message-catalog'
import type { UiLanguage } from '../../src/shared/i18n/languages'
import type { MessageId, MessageValues } from '../../src/shared/i18n/namespaces'
import { ExpiryNotices } from '../../src/renderer/src/mag/ExpiryNotices'
import { MagShellContext, type MagShell } from '../../src/renderer/src/mag/mag-context'
import {
  credentialHolder,
  credentialStatus,
  daysLeftMessage,
  describeClockSkew,
  expiryMessage,
  formatDuration,
  strengthLabel,
} from '../../src/renderer/src/mag/lib/mag-format'
import { say, type Message } from '../../src/renderer/src/lib/message'
import { magCredential } from './mag-fixtures'

/** The real catalogue (the parts the MAG account screens load), compiled as the app loads it. */
let i18n: I18n
beforeAll(async () => {
  i18n = setupI18n()
  for (const language of ['en', 'de'] as const) {
    for (const part of ['common', 'magAccount'] as const)
      i18n.load(language, await loadMessages(language, part))
  }
})

function inLanguage(language: UiLanguage, message: Message): string {
  i18n.activate(language)
  return say((id: MessageId, values?: MessageValues) => i18n._(id, values), message)
}

/** A date as useT().formatDate writes it: the i18n instance's Intl, medium date. */
function shownDate(language: UiLanguage, iso: string): string {
  i18n.activate(language)
  return i18n.date(new Date(iso), { dateStyle: 'medium' })
}

describe('MAG formatting (Intl in the UI language, sentences from the catalogue)', () => {
  it('counts days left in words, and says Expired once past', () => {
    expect(inLanguage('en', daysLeftMessage({ daysLeft: 12, expired: false }))).toBe('12 days left')
    expect(inLanguage('en', daysLeftMessage({ daysLeft: 1, expired: false }))).toBe('1 day left')
    expect(inLanguage('en', daysLeftMessage({ daysLeft: 0, expired: true }))).toBe('Expired')
    expect(inLanguage('de', daysLeftMessage({ daysLeft: 1, expired: false }))).toBe('noch 1 Tag')
    expect(inLanguage('de', daysLeftMessage({ daysLeft: 12, expired: false }))).toBe('noch 12 Tage')
    expect(inLanguage('de', daysLeftMessage({ daysLeft: 0, expired: true }))).toBe('Abgelaufen')
  })

  it('says when a credential expires, with its day count and date, in English and German', () => {
    const iso = '2027-01-10T09:00:00.000Z'
    expect(shownDate('en', iso)).toBe('Jan 10, 2027')
    expect(shownDate('de', iso)).toBe('10.01.2027')
    const oneDay = magCredential({ daysLeft: 1, expiresAt: iso, expiryShown: true })
    const thirty = magCredential({ daysLeft: 30, expiresAt: iso, expiryShown: true })
    expect(inLanguage('en', expiryMessage(oneDay, shownDate('en', iso)))).toBe(
      'Your Desktop OTP expires on <0>Jan 10, 2027</0> (in 1 day).',
    )
    expect(inLanguage('en', expiryMessage(thirty, shownDate('en', iso)))).toBe(
      'Your Desktop OTP expires on <0>Jan 10, 2027</0> (in 30 days).',
    )
    expect(inLanguage('de', expiryMessage(oneDay, shownDate('de', iso)))).toBe(
      'Ihr Desktop OTP läuft am <0>10.01.2027</0> ab (in 1 Tag).',
    )
    expect(inLanguage('de', expiryMessage(thirty, shownDate('de', iso)))).toBe(
      'Ihr Desktop OTP läuft am <0>10.01.2027</0> ab (in 30 Tagen).',
    )
    const gone = magCredential({ daysLeft: 0, expired: true, expiresAt: iso })
    expect(inLanguage('de', expiryMessage(gone, shownDate('de', iso)))).toMatch(
      /^Ihr Desktop OTP ist am <0>10\.01\.2027<\/0> abgelaufen\. /,
    )
  })

  it('renders the expiry notice in German, the date emphasised where German puts it', () => {
    i18n.activate('de')
    const shell: MagShell = { section: 'mag', go: () => undefined, say: () => undefined }
    const html = renderToStaticMarkup(
      createElement(
        I18nProvider,
        { i18n },
        createElement(
          MagShellContext.Provider,
          { value: shell },
          createElement(ExpiryNotices, {
            credentials: [
              magCredential({
                daysLeft: 30,
                expiresAt: '2027-01-10T09:00:00.000Z',
                expiryShown: true,
                renewOffered: true,
              }),
            ],
          }),
        ),
      ),
    )
    const text = html.replace(/<svg.*?<\/svg>/g, '')
    expect(text).toContain(
      'Ihr Desktop OTP läuft am <strong>10.01.2027</strong> ab (in 30 Tagen). Wenn Sie jetzt verlängern, verlieren Sie nichts',
    )
    expect(text).toContain('>Verlängern…</button>')
  })

  it('writes a clock gap in hours, minutes and seconds, and its direction', () => {
    expect(formatDuration(125_000, 'en-GB')).toBe('2 minutes 5 seconds')
    expect(formatDuration(-3_600_000, 'en-GB')).toBe('1 hour')
    expect(formatDuration(200, 'en-GB')).toBe('0 seconds')
    expect(formatDuration(125_000, 'de')).toBe('2 Minuten 5 Sekunden')
    // Skew is the service's clock minus ours: positive means this computer is behind.
    expect(inLanguage('en', describeClockSkew(125_000, 'en'))).toBe(
      "This computer's clock is 2 minutes 5 seconds behind the MAG service's.",
    )
    expect(inLanguage('en', describeClockSkew(-90_000, 'en'))).toBe(
      "This computer's clock is 1 minute 30 seconds ahead of the MAG service's.",
    )
    expect(inLanguage('de', describeClockSkew(-90_000, 'de'))).toBe(
      'Die Uhr dieses Computers geht gegenüber dem MAG-Dienst 1 Minute 30 Sekunden vor.',
    )
  })

  it('names the most urgent status of a credential', () => {
    expect(credentialStatus(magCredential())).toEqual({
      label: 'magAccount.status.active',
      tone: 'success',
    })
    expect(credentialStatus(magCredential({ expiryShown: true }))).toEqual({
      label: 'magAccount.status.expiresSoon',
      tone: 'warning',
    })
    const label = (over: Parameters<typeof magCredential>[0]) =>
      inLanguage('en', { id: credentialStatus(magCredential(over)).label })
    expect(label({ expired: true, expiryShown: true })).toBe('Expired')
    expect(label({ status: 'locked' })).toBe('Locked')
    expect(label({ status: 'pending' })).toBe('Not activated')
    expect(label({ status: 'revoked', expired: true })).toBe('Revoked')
  })

  it('says where a credential is: its serial, or whether this app holds it', () => {
    expect(inLanguage('en', credentialHolder({ serial: 'TK-0042', entryId: null }))).toBe(
      'Serial TK-0042',
    )
    expect(inLanguage('de', credentialHolder({ serial: null, entryId: 'e1' }))).toBe(
      'In dieser App gespeichert',
    )
    expect(inLanguage('en', credentialHolder({ serial: null, entryId: null }))).toBe(
      'Not held by this app',
    )
  })

  it('calls a password-only session so, and a credential by its product name', () => {
    i18n.activate('de')
    const t = (id: MessageId, values?: MessageValues) => i18n._(id, values)
    expect(strengthLabel('password', t)).toBe('Nur Passwort')
    expect(strengthLabel('Desktop OTP', t)).toBe('Desktop OTP')
  })
})
