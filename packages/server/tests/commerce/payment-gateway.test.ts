import { describe, expect, it } from 'vitest'
import {
  TestModeGateway,
  cardBrand,
  passesLuhn,
  validateCard,
  type CardDetails,
} from '../../src/commerce/payment-gateway'

const now = new Date('2026-03-10T00:00:00.000Z')
const card = (number: string, extra: Partial<CardDetails> = {}): CardDetails => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  ...extra,
})

describe('card validation', () => {
  it('checks the Luhn digit', () => {
    expect(passesLuhn('4242424242424242')).toBe(true)
    expect(passesLuhn('4242424242424241')).toBe(false)
    expect(passesLuhn('42424242x2424242')).toBe(false)
  })

  it('knows the brands by prefix', () => {
    expect(cardBrand('4242424242424242')).toBe('visa')
    expect(cardBrand('5555555555554444')).toBe('mastercard')
    expect(cardBrand('2223003122003222')).toBe('mastercard')
    expect(cardBrand('378282246310005')).toBe('amex')
  })

  it('accepts a valid card with spaces in the number', () => {
    expect(validateCard(card('4242 4242 4242 4242'), now)).toEqual([])
  })

  it('names each bad field', () => {
    const errors = validateCard(card('4242424242424241', { expMonth: 13, cvc: '12' }), now)
    expect(errors.map((e) => e.field).sort()).toEqual(['cvc', 'expMonth', 'number'])
  })

  it('treats a card as valid through the end of its expiry month', () => {
    expect(validateCard(card('4242424242424242', { expMonth: 3, expYear: 2026 }), now)).toEqual([])
    const expired = validateCard(card('4242424242424242', { expMonth: 2, expYear: 2026 }), now)
    expect(expired).toEqual([{ field: 'expYear', message: 'Card has expired.' }])
  })

  it('wants four CVC digits for American Express', () => {
    expect(validateCard(card('378282246310005', { cvc: '123' }), now)[0]?.field).toBe('cvc')
    expect(validateCard(card('378282246310005', { cvc: '1234' }), now)).toEqual([])
  })
})

describe('TestModeGateway', () => {
  const charge = (gateway: TestModeGateway, number: string, key: string) =>
    gateway.charge({
      idempotencyKey: key,
      amountCents: 2400,
      currency: 'EUR',
      card: card(number),
      description: 'test',
    })

  it('succeeds and declines by documented test number', async () => {
    const gateway = new TestModeGateway()
    expect(await charge(gateway, '4242424242424242', 'a')).toMatchObject({
      status: 'succeeded',
      brand: 'visa',
      last4: '4242',
    })
    expect(await charge(gateway, '4000000000000002', 'b')).toMatchObject({
      status: 'declined',
      declineCode: 'card_declined',
    })
    expect(await charge(gateway, '4000000000009995', 'c')).toMatchObject({
      declineCode: 'insufficient_funds',
    })
    expect(await charge(gateway, '4111111111111111', 'd')).toMatchObject({
      declineCode: 'test_mode_unknown_card',
    })
  })

  it('charges once per idempotency key however often it is called', async () => {
    const gateway = new TestModeGateway()
    const results = await Promise.all(
      Array.from({ length: 20 }, () => charge(gateway, '4242424242424242', 'same-key')),
    )
    expect(new Set(results.map((r) => r.chargeId)).size).toBe(1)
    expect(gateway.charges).toHaveLength(1)
  })

  it('never keeps the full card number', async () => {
    const gateway = new TestModeGateway()
    await charge(gateway, '5555555555554444', 'k')
    expect(JSON.stringify(gateway.charges)).not.toContain('5555555555554444')
    expect(gateway.charges[0]?.last4).toBe('4444')
  })
})
