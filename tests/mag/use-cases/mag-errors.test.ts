import { describe, expect, it } from 'vitest'
import { magErrorCodes } from '@mag/mag-contract'
import { magAppErrorCodes } from '../../../src/shared/mag-app-error-codes'
import { appErrorCodeSchema } from '../../../src/shared/errors'
import { MagCallError } from '../../../src/main/mag/client/mag-call-error'
import {
  describeClockGap,
  fromMagCallError,
  magErrorMessage,
} from '../../../src/main/mag/mag-errors'

describe('MAG error messages', () => {
  it('has a sentence for every service code and every app MAG code, each an IPC error code', () => {
    for (const code of [...magErrorCodes, ...magAppErrorCodes]) {
      const message = magErrorMessage(code)
      expect(message, code).toMatch(/^[A-Z].{20,}[.)]$/s)
      expect(message, code).not.toContain('undefined')
      expect(appErrorCodeSchema.safeParse(code).success, code).toBe(true)
    }
  })

  it('tells the user what to do for the failures of the MAG help pages', () => {
    expect(magErrorMessage('credential-locked')).toContain('Resync')
    expect(magErrorMessage('credential-expired')).toContain('Get 2FA')
    expect(magErrorMessage('credential-expired', { renewOffered: true })).toContain('Renew')
    expect(magErrorMessage('renewal-available')).toContain('Renew it instead')
    expect(magErrorMessage('app-not-found', { appName: 'Acme Billing' })).toContain(
      'Acme Billing is not granted',
    )
    expect(magErrorMessage('invalid-credentials')).toContain('password')
    expect(magErrorMessage('mag-offline', { serviceUrl: 'https://mag.example:8443/x' })).toContain(
      'at mag.example:8443 cannot be reached',
    )
    expect(magErrorMessage('mag-code-needed', { credentialType: 'OTP Hardware Token' })).toContain(
      'OTP Hardware Token',
    )
  })

  it('reads only the details the contract defines, checking their types', () => {
    expect(
      magErrorMessage('payment-declined', { details: { declineCode: 'insufficient_funds' } }),
    ).toBe(
      'Your card was declined: insufficient funds. Nothing was charged. Use another card, or choose to pay by invoice.',
    )
    expect(magErrorMessage('payment-declined', { details: { declineCode: 42 } })).toContain(
      'Your card was declined. Nothing',
    )
    expect(magErrorMessage('rate-limited', { details: { retryAfterSeconds: 40 } })).toContain(
      'Wait 40 seconds',
    )
    expect(magErrorMessage('renewal-not-eligible', { details: { reason: 'expired' } })).toContain(
      'expired',
    )
  })

  it('passes a card issue through only without a digit run, and names its field', () => {
    const issue = (message: string) =>
      new MagCallError('card-invalid', 'body.card.number: x', {
        status: 400,
        details: { issues: [{ field: 'body.card.number', message }] },
      })
    const plain = fromMagCallError(issue('Card number is not valid (checksum failed).'))
    expect(plain.message).toContain('Card number is not valid (checksum failed).')
    expect(plain.field).toBe('payment.card.number')
    const withDigits = fromMagCallError(issue('Card 4242424242424241 is not valid.'))
    expect(withDigits.message).not.toMatch(/\d{5}/)
  })

  it("never passes the client's or the service's own text through", () => {
    const error = new MagCallError('invalid-credentials', 'service text with hunter2', {
      status: 401,
    })
    expect(fromMagCallError(error).message).not.toContain('hunter2')
    expect(fromMagCallError(error).code).toBe('invalid-credentials')
  })

  it('names a clock gap with its size and direction', () => {
    expect(describeClockGap(-185_000)).toBe('3 minutes 5 seconds ahead of')
    expect(describeClockGap(45_400)).toBe('45 seconds behind')
    expect(describeClockGap(120_000)).toBe('2 minutes behind')
    expect(magErrorMessage('mag-clock-off', { clockSkewMs: -300_000 })).toContain(
      '5 minutes ahead of the MAG service',
    )
  })
})
