import { describe, expect, it } from 'vitest'
import {
  cardFieldOf,
  groupCardNumber,
  parseCard,
  parseOtpCode,
} from '../../src/renderer/src/mag/lib/card-form'
import {
  newCredentialTypes,
  offersFor,
  renewalProduct,
  stepAfterCheckout,
  stepIndex,
  type Cart,
  type Order,
  type Product,
} from '../../src/renderer/src/mag/lib/purchase-flow'
import { magCredential } from './mag-fixtures'

const product = (id: string, over: Partial<Product>): Product => ({
  id,
  name: id,
  description: '',
  credentialType: 'Desktop OTP',
  kind: 'new',
  priceCents: 2400,
  currency: 'EUR',
  termYears: 1,
  ...over,
})
const products = [
  product('desktop-otp', {}),
  product('otp-hardware-token', { credentialType: 'OTP Hardware Token', priceCents: 4900 }),
  product('desktop-otp-renewal', { kind: 'renewal' }),
  product('otp-hardware-token-renewal', { kind: 'renewal', credentialType: 'OTP Hardware Token' }),
]

function order(over: Partial<Order>): Order {
  return {
    id: 'o1',
    cartId: 'c1',
    status: 'paid',
    paymentMethod: 'card',
    totalCents: 2400,
    currency: 'EUR',
    createdAt: '2026-12-01T10:00:00.000Z',
    paidAt: '2026-12-01T10:00:01.000Z',
    items: [],
    payment: null,
    invoice: null,
    licenseKeys: [],
    renewals: [],
    failure: null,
    ...over,
  }
}

describe('Get 2FA offers', () => {
  it('lists new credentials only, with the renewal to offer instead where one is possible', () => {
    const offers = offersFor(products, [magCredential()])
    expect(offers.map((o) => o.product.id)).toEqual(['desktop-otp', 'otp-hardware-token'])
    expect(offers[0]!.renewInstead?.id).toBe(magCredential().id)
    expect(offers[1]!.renewInstead).toBeUndefined()
  })

  it('offers a new credential once the old one can no longer be renewed (expired)', () => {
    const offers = offersFor(products, [magCredential({ expired: true, renewOffered: false })])
    expect(offers[0]!.renewInstead).toBeUndefined()
  })

  it('finds the product that renews a credential', () => {
    expect(renewalProduct(magCredential(), products)?.id).toBe('desktop-otp-renewal')
    const token = magCredential({ type: 'OTP Hardware Token', renewProductId: null })
    expect(renewalProduct(token, products)?.id).toBe('otp-hardware-token-renewal')
  })
})

describe('after checkout', () => {
  it('goes to the license keys of a paid order', () => {
    expect(stepAfterCheckout(order({}))).toEqual({ step: 'license-key', orderId: 'o1' })
  })

  it('goes to the invoice of an invoiced order', () => {
    expect(
      stepAfterCheckout(order({ status: 'awaiting-payment', paymentMethod: 'invoice' })),
    ).toEqual({
      step: 'invoice',
      orderId: 'o1',
    })
  })

  it('goes to the new expiry of a renewal', () => {
    const renewal = {
      credentialId: 'c',
      previousExpiresAt: '2027-01-10T09:00:00.000Z',
      newExpiresAt: '2028-01-10T09:00:00.000Z',
    }
    expect(stepAfterCheckout(order({ renewals: [renewal] }))).toEqual({
      step: 'renewed',
      orderId: 'o1',
    })
  })

  it('stays, with the reason, when the card was declined', () => {
    expect(
      stepAfterCheckout(
        order({
          status: 'declined',
          failure: { code: 'payment-declined', message: 'Declined: insufficient funds.' },
        }),
      ),
    ).toEqual({ step: 'declined', message: 'Declined: insufficient funds.' })
    expect(stepAfterCheckout(order({ status: 'failed' }))).toEqual({
      step: 'declined',
      message: 'The order failed.',
    })
  })

  it('numbers the steps for the stepper', () => {
    expect(stepIndex({ step: 'checkout' }, 'purchase')).toBe(2)
    expect(stepIndex({ step: 'renewed', orderId: 'o' }, 'renew')).toBe(3)
    expect(stepIndex({ step: 'activated', credentialId: 'c' }, 'purchase')).toBe(4)
  })

  it('names the credential types a cart would create', () => {
    const cart: Cart = {
      id: 'c',
      status: 'open',
      items: [
        {
          id: 'i1',
          productId: 'desktop-otp',
          name: 'Desktop OTP',
          kind: 'new',
          credentialType: 'Desktop OTP',
          credentialId: null,
          quantity: 1,
          unitPriceCents: 2400,
          lineTotalCents: 2400,
        },
        {
          id: 'i2',
          productId: 'otp-hardware-token-renewal',
          name: 'r',
          kind: 'renewal',
          credentialType: 'OTP Hardware Token',
          credentialId: 'x',
          quantity: 1,
          unitPriceCents: 4900,
          lineTotalCents: 4900,
        },
      ],
      totalCents: 7300,
      currency: 'EUR',
      createdAt: '',
      updatedAt: '',
    }
    expect(newCredentialTypes(cart)).toEqual(['Desktop OTP'])
  })
})

describe('card form', () => {
  it('accepts a card with spaces, a MM/YY expiry and a CVC', () => {
    expect(parseCard({ number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' })).toEqual({
      ok: true,
      payment: {
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' },
      },
    })
    expect(
      parseCard({ number: '3782-822463-10005', expiry: '1 / 2031', cvc: '1234' }),
    ).toMatchObject({
      ok: true,
      payment: { card: { expMonth: 1, expYear: 2031 } },
    })
  })

  it('points each malformed field at its own message', () => {
    expect(parseCard({ number: '', expiry: '', cvc: '' })).toEqual({
      ok: false,
      errors: {
        number: 'Enter the card number',
        expiry: 'Enter the expiry date',
        cvc: 'Enter the security code',
      },
    })
    expect(parseCard({ number: '4242', expiry: '13/30', cvc: '12a' })).toEqual({
      ok: false,
      errors: {
        number: 'A card number is 12 to 19 digits',
        expiry: 'The month is 01 to 12',
        cvc: 'The security code is 3 or 4 digits',
      },
    })
    expect(parseCard({ number: '4242424242424242', expiry: '2030-12', cvc: '123' })).toEqual({
      ok: false,
      errors: { expiry: 'Write the expiry as MM/YY' },
    })
  })

  it('groups a card number by four while typing, digits only', () => {
    expect(groupCardNumber('4242424242424242')).toBe('4242 4242 4242 4242')
    expect(groupCardNumber('4242-42')).toBe('4242 42')
    expect(groupCardNumber('4242 ')).toBe('4242')
  })

  it('maps a field named by main to the card form field', () => {
    expect(cardFieldOf('card.number')).toBe('number')
    expect(cardFieldOf('card.expYear')).toBe('expiry')
    expect(cardFieldOf('card.cvc')).toBe('cvc')
    expect(cardFieldOf('method')).toBeUndefined()
    expect(cardFieldOf(undefined)).toBeUndefined()
  })

  it('reads a typed one-time code', () => {
    expect(parseOtpCode('123 456')).toBe('123456')
    expect(parseOtpCode('12345')).toBeUndefined()
    expect(parseOtpCode('12345a')).toBeUndefined()
  })
})
