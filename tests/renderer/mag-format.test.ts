import { describe, expect, it } from 'vitest'
import {
  credentialStatus,
  describeClockSkew,
  formatDate,
  formatDaysLeft,
  formatDuration,
  formatMoney,
  strengthLabel,
} from '../../src/renderer/src/mag/lib/mag-format'
import { magCredential } from './mag-fixtures'

describe('MAG formatting (Intl, locale fixed for the test)', () => {
  it('writes dates as a day in the locale', () => {
    expect(formatDate('2027-01-10T09:00:00.000Z', 'en-GB')).toBe('10 Jan 2027')
    expect(formatDate('2027-01-10T09:00:00.000Z', 'de-DE')).toBe('10.01.2027')
    // Something that is not a date is shown as sent, never as "Invalid Date".
    expect(formatDate('soon', 'en-GB')).toBe('soon')
  })

  it('counts days left in words, and says Expired once past', () => {
    expect(formatDaysLeft({ daysLeft: 12, expired: false }, 'en-GB')).toBe('12 days left')
    expect(formatDaysLeft({ daysLeft: 1, expired: false }, 'en-GB')).toBe('1 day left')
    expect(formatDaysLeft({ daysLeft: 0, expired: true }, 'en-GB')).toBe('Expired')
  })

  it('writes money from minor units in its currency', () => {
    expect(formatMoney(2400, 'EUR', 'en-GB')).toBe('€24.00')
    expect(formatMoney(4900, 'USD', 'en-US')).toBe('$49.00')
    // An unknown currency still shows the amount.
    expect(formatMoney(2400, 'NOT-A-CURRENCY', 'en-GB')).toBe('24.00 NOT-A-CURRENCY')
  })

  it('writes a clock gap in hours, minutes and seconds, and its direction', () => {
    expect(formatDuration(125_000, 'en-GB')).toBe('2 minutes 5 seconds')
    expect(formatDuration(-3_600_000, 'en-GB')).toBe('1 hour')
    expect(formatDuration(200, 'en-GB')).toBe('0 seconds')
    // Skew is the service's clock minus ours: positive means this computer is behind.
    expect(describeClockSkew(125_000, 'en-GB')).toBe(
      "This computer's clock is 2 minutes 5 seconds behind the MAG service's.",
    )
    expect(describeClockSkew(-90_000, 'en-GB')).toBe(
      "This computer's clock is 1 minute 30 seconds ahead of the MAG service's.",
    )
  })

  it('names the most urgent status of a credential', () => {
    expect(credentialStatus(magCredential())).toEqual({ label: 'Active', tone: 'success' })
    expect(credentialStatus(magCredential({ expiryShown: true }))).toEqual({
      label: 'Expires soon',
      tone: 'warning',
    })
    expect(credentialStatus(magCredential({ expired: true, expiryShown: true })).label).toBe(
      'Expired',
    )
    expect(credentialStatus(magCredential({ status: 'locked' })).label).toBe('Locked')
    expect(credentialStatus(magCredential({ status: 'pending' })).label).toBe('Not activated')
    expect(credentialStatus(magCredential({ status: 'revoked', expired: true })).label).toBe(
      'Revoked',
    )
  })

  it('calls a password-only session so', () => {
    expect(strengthLabel('password')).toBe('Password only')
    expect(strengthLabel('Desktop OTP')).toBe('Desktop OTP')
  })
})
