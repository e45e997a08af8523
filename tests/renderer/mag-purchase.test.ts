import { setupI18n } from '@lingui/core'
import { describe, expect, it } from 'vitest'
import { loadMessages } from 'virtual:message-catalog'
import {
  cardFieldOf,
  groupCardNumber,
  parseCard,
  parseOtpCode,
} from '../../src/renderer/src/mag/lib/card-form'
import { formatPrice } from '../../src/renderer/src/mag/lib/money'
import {
  declinedMessage,
  FLOW_STEPS,
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
    ).toEqual({
      step: 'declined',
      serviceMessage: 'Declined: insufficient funds.',
      fallback: 'magPurchase.checkout.declined',
    })
    expect(stepAfterCheckout(order({ status: 'failed' }))).toEqual({
      step: 'declined',
      serviceMessage: undefined,
      fallback: 'magPurchase.checkout.failed',
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
        number: 'magPurchase.card.numberMissing',
        expiry: 'magPurchase.card.expiryMissing',
        cvc: 'magPurchase.card.cvcMissing',
      },
    })
    expect(parseCard({ number: '4242', expiry: '13/30', cvc: '12a' })).toEqual({
      ok: false,
      errors: {
        number: 'magPurchase.card.numberLength',
        expiry: 'magPurchase.card.expiryMonth',
        cvc: 'magPurchase.card.cvcLength',
      },
    })
    expect(parseCard({ number: '4242424242424242', expiry: '2030-12', cvc: '123' })).toEqual({
      ok: false,
      errors: { expiry: 'magPurchase.card.expiryFormat' },
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

/** The app's i18n with the real purchase catalogue (compiled as the build compiles it). */
async function purchaseI18n(language: 'en' | 'de') {
  const i18n = setupI18n()
  i18n.load(language, await loadMessages(language, 'magPurchase'))
  i18n.activate(language)
  return i18n
}

describe('purchase texts in the UI language (real catalogue)', () => {
  it('writes a price as each language does, the sign placed by Intl', () => {
    expect(formatPrice(2400, 'EUR', 'en')).toBe('€24.00')
    expect(formatPrice(2400, 'EUR', 'de')).toBe('24,00\u00a0€')
    expect(formatPrice(123456, 'USD', 'de')).toBe('1.234,56\u00a0$')
    // A currency Intl refuses still shows the amount, with the code as sent.
    expect(formatPrice(2400, 'euro', 'de')).toBe('24,00 euro')
  })

  it('says a German price and a card validation message right', async () => {
    const de = await purchaseI18n('de')
    const total = formatPrice(2400, 'EUR', 'de')
    expect(de._('magPurchase.checkout.payTotal', { total })).toBe('24,00\u00a0€ bezahlen')
    const parsed = parseCard({ number: '4242', expiry: '', cvc: '123' })
    if (parsed.ok) throw new Error('a four-digit card number must be refused')
    expect(de._(parsed.errors.number!)).toBe('Eine Kartennummer hat 12 bis 19 Ziffern')
    expect(de._(parsed.errors.expiry!)).toBe('Geben Sie das Ablaufdatum ein')
    expect(de._('magPurchase.product.perTerm', { years: 1 })).toBe('/ Jahr')
    expect(de._('magPurchase.product.perTerm', { years: 2 })).toBe('/ 2 Jahre')
    expect(de._('magPurchase.licenseKey.title', { count: 2 })).toBe('Ihre Lizenzschlüssel')
    expect(FLOW_STEPS.renew.map((id) => de._(id))).toEqual([
      'Abonnement',
      'Warenkorb',
      'Kasse',
      'Verlängert',
    ])
  })

  it('keeps the English the e2e specs select by', async () => {
    const en = await purchaseI18n('en')
    const total = formatPrice(2400, 'EUR', 'en')
    expect(en._('magPurchase.checkout.payTotal', { total })).toBe('Pay €24.00')
    expect(en._('magPurchase.product.addToCartNamed', { name: 'Desktop OTP' })).toBe(
      'Add to cart: Desktop OTP',
    )
    expect(en._('magPurchase.activate.title', { type: 'Desktop OTP' })).toBe(
      'Activate your Desktop OTP',
    )
    expect(FLOW_STEPS.purchase.map((id) => en._(id))).toEqual([
      'Choose',
      'Cart',
      'Checkout',
      'License key',
      'Activate',
    ])
    // An apostrophe is text, not ICU quoting.
    expect(en._('magPurchase.activate.nextCodeHint')).toBe("The token's following code")
  })

  it('names the card and the moment of payment only when the order has them', async () => {
    const en = await purchaseI18n('en')
    const de = await purchaseI18n('de')
    const paid = { amount: '€24.00', card: 'Visa', last4: '4242', paidAt: 'Dec 1, 2026, 10:00 AM' }
    expect(
      en._('magPurchase.licenseKey.paymentReceived', { ...paid, withCard: 'yes', withTime: 'yes' }),
    ).toBe('Payment received: €24.00 with Visa ending 4242 on Dec 1, 2026, 10:00 AM.')
    expect(
      en._('magPurchase.licenseKey.paymentReceived', { ...paid, withCard: 'no', withTime: 'no' }),
    ).toBe('Payment received: €24.00.')
    expect(
      de._('magPurchase.licenseKey.paymentReceived', {
        ...paid,
        amount: '24,00 €',
        paidAt: '01.12.2026, 10:00',
        withCard: 'yes',
        withTime: 'yes',
      }),
    ).toBe('Zahlung erhalten: 24,00 € mit Visa, Endziffern 4242, am 01.12.2026, 10:00.')
  })

  it("shows the service's reason for a decline in English, and ours in German", async () => {
    const en = await purchaseI18n('en')
    const de = await purchaseI18n('de')
    const declined = stepAfterCheckout(
      order({
        status: 'declined',
        failure: { code: 'payment-declined', message: 'Declined: insufficient funds.' },
      }),
    )
    if (declined.step !== 'declined') throw new Error('a declined order must stay at checkout')
    expect(declinedMessage(declined, 'en', (id, v) => en._(id, v))).toBe(
      'Declined: insufficient funds.',
    )
    expect(declinedMessage(declined, 'de', (id, v) => de._(id, v))).toBe(
      'Die Karte wurde abgelehnt.',
    )
    const failed = stepAfterCheckout(order({ status: 'failed' }))
    if (failed.step !== 'declined') throw new Error('a failed order must stay at checkout')
    expect(declinedMessage(failed, 'en', (id, v) => en._(id, v))).toBe('The order failed.')
  })

  it('keeps the markup that emphasises the new expiry, around the date in each language', async () => {
    const values = { type: 'Desktop OTP', until: 'UNTIL', previous: 'BEFORE' }
    expect((await purchaseI18n('en'))._('magPurchase.renewed.validUntil', values)).toBe(
      'Your Desktop OTP is now valid until <0>UNTIL</0> (it was BEFORE).',
    )
    expect((await purchaseI18n('de'))._('magPurchase.renewed.validUntil', values)).toBe(
      'Ihr Desktop OTP ist jetzt bis <0>UNTIL</0> gültig (bisher BEFORE).',
    )
  })
})
