import { describe, expect, it } from 'vitest'
import {
  addOneYear,
  daysLeft,
  expiryShown,
  isExpired,
  renewalEligibility,
  renewedExpiry,
  subscriptionExpiry,
} from '../../src/commerce/eligibility'

const at = (iso: string) => new Date(iso)

describe('addOneYear', () => {
  it('keeps day and time of day', () => {
    expect(addOneYear(at('2025-03-15T10:20:30.400Z')).toISOString()).toBe(
      '2026-03-15T10:20:30.400Z',
    )
  })

  it('turns Feb 29 into Feb 28 of the common year that follows', () => {
    expect(addOneYear(at('2024-02-29T12:00:00.000Z')).toISOString()).toBe(
      '2025-02-28T12:00:00.000Z',
    )
  })

  it('keeps Feb 28 when the next year is a leap year', () => {
    expect(addOneYear(at('2027-02-28T00:00:00.000Z')).toISOString()).toBe(
      '2028-02-28T00:00:00.000Z',
    )
  })

  it('crosses the year end', () => {
    expect(addOneYear(at('2025-12-31T23:59:59.999Z')).toISOString()).toBe(
      '2026-12-31T23:59:59.999Z',
    )
  })
})

describe('subscription calendar', () => {
  it('runs one year from purchase', () => {
    expect(subscriptionExpiry(at('2025-06-01T09:00:00.000Z')).toISOString()).toBe(
      '2026-06-01T09:00:00.000Z',
    )
  })

  it('renewal extends from the old expiry, not from now', () => {
    expect(renewedExpiry(at('2026-06-01T09:00:00.000Z')).toISOString()).toBe(
      '2027-06-01T09:00:00.000Z',
    )
  })

  it('is still valid at the exact expiry instant and expired one millisecond later', () => {
    const expiry = at('2026-06-01T09:00:00.000Z')
    expect(isExpired(expiry, expiry, 0)).toBe(false)
    expect(isExpired(expiry, at('2026-06-01T09:00:00.001Z'), 0)).toBe(true)
  })

  it('grace days push expiry out by whole days', () => {
    const expiry = at('2026-06-01T09:00:00.000Z')
    expect(isExpired(expiry, at('2026-06-08T09:00:00.000Z'), 7)).toBe(false)
    expect(isExpired(expiry, at('2026-06-08T09:00:00.001Z'), 7)).toBe(true)
  })
})

describe('renewalEligibility', () => {
  const expiresAt = at('2026-06-01T00:00:00.000Z')
  const before = at('2026-05-01T00:00:00.000Z')
  const after = at('2026-06-02T00:00:00.000Z')

  it('offers renewal for an active or locked credential before expiry', () => {
    expect(renewalEligibility({ status: 'active', expiresAt }, before, 0)).toEqual({
      eligible: true,
    })
    expect(renewalEligibility({ status: 'locked', expiresAt }, before, 0)).toEqual({
      eligible: true,
    })
  })

  it('refuses a pending or revoked credential as not bound', () => {
    for (const status of ['pending', 'revoked'] as const) {
      const result = renewalEligibility({ status, expiresAt }, before, 0)
      expect(result).toMatchObject({ eligible: false, reason: 'not-bound' })
    }
  })

  it('refuses after expiry, and accepts inside the grace period', () => {
    expect(renewalEligibility({ status: 'active', expiresAt }, after, 0)).toMatchObject({
      eligible: false,
      reason: 'expired',
    })
    expect(renewalEligibility({ status: 'active', expiresAt }, after, 3)).toEqual({
      eligible: true,
    })
  })
})

describe('daysLeft and expiryShown', () => {
  const expiry = at('2026-06-01T00:00:00.000Z')

  it('rounds partial days up and stops at zero', () => {
    expect(daysLeft(expiry, at('2026-05-31T12:00:00.000Z'))).toBe(1)
    expect(daysLeft(expiry, at('2026-05-01T00:00:00.000Z'))).toBe(31)
    expect(daysLeft(expiry, at('2026-06-05T00:00:00.000Z'))).toBe(0)
  })

  it('shows the expiry from 30 days left', () => {
    expect(expiryShown(expiry, at('2026-05-01T00:00:00.000Z'))).toBe(false)
    expect(expiryShown(expiry, at('2026-05-02T00:00:00.000Z'))).toBe(true)
    expect(expiryShown(expiry, at('2026-07-01T00:00:00.000Z'))).toBe(true)
  })
})
