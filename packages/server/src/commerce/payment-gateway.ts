/**
 * The payment-gateway interface and the built-in test-mode gateway.
 *
 * Card numbers cross this module once: validation and the charge see the full number, and
 * nothing here or downstream keeps more than the brand and last four digits.
 *
 * Test-mode card numbers (any future expiry, any 3-digit CVC, 4 digits for American Express):
 *
 *   4242 4242 4242 4242   Visa         succeeds
 *   5555 5555 5555 4444   Mastercard   succeeds
 *   3782 822463 10005     Amex         succeeds
 *   4000 0000 0000 0002   Visa         declined: card_declined
 *   4000 0000 0000 9995   Visa         declined: insufficient_funds
 *   4000 0000 0000 0069   Visa         declined: expired_card
 *
 * Any other number that passes the Luhn check is declined with `test_mode_unknown_card`, the
 * way real gateways refuse live cards in test mode.
 */
import { randomUUID } from 'node:crypto'

export interface CardDetails {
  number: string
  expMonth: number
  expYear: number
  cvc: string
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'unknown'

export interface ChargeRequest {
  /** The gateway must charge at most once per key, whatever the number of calls. */
  idempotencyKey: string
  amountCents: number
  currency: string
  card: CardDetails
  description: string
}

export type ChargeResult =
  | { status: 'succeeded'; chargeId: string; brand: CardBrand; last4: string }
  | {
      status: 'declined'
      chargeId: string
      brand: CardBrand
      last4: string
      declineCode: string
      message: string
    }

export interface PaymentGateway {
  readonly name: string
  charge(request: ChargeRequest): Promise<ChargeResult>
}

export interface CardFieldError {
  field: 'number' | 'expMonth' | 'expYear' | 'cvc'
  message: string
}

export function digitsOnly(cardNumber: string): string {
  return cardNumber.replace(/[\s-]/g, '')
}

export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa'
  if (/^3[47]/.test(digits)) return 'amex'
  const firstTwo = Number(digits.slice(0, 2))
  const firstFour = Number(digits.slice(0, 4))
  if ((firstTwo >= 51 && firstTwo <= 55) || (firstFour >= 2221 && firstFour <= 2720)) {
    return 'mastercard'
  }
  return 'unknown'
}

export function last4(digits: string): string {
  return digits.slice(-4)
}

/**
 * Checks a card the way a payment form does, before any order exists. A card is valid
 * through the last day of its expiry month (UTC).
 */
export function validateCard(card: CardDetails, now: Date): CardFieldError[] {
  const errors: CardFieldError[] = []
  const digits = digitsOnly(card.number)
  if (!/^\d{12,19}$/.test(digits)) {
    errors.push({ field: 'number', message: 'Card number must have 12 to 19 digits.' })
  } else if (!passesLuhn(digits)) {
    errors.push({ field: 'number', message: 'Card number is not valid (checksum failed).' })
  }
  const monthOk = Number.isInteger(card.expMonth) && card.expMonth >= 1 && card.expMonth <= 12
  if (!monthOk) errors.push({ field: 'expMonth', message: 'Expiry month must be 1 to 12.' })
  const yearOk = Number.isInteger(card.expYear) && card.expYear >= 2000 && card.expYear <= 2100
  if (!yearOk) errors.push({ field: 'expYear', message: 'Expiry year must be a 4-digit year.' })
  if (monthOk && yearOk) {
    const firstDayAfterExpiry = Date.UTC(card.expYear, card.expMonth, 1)
    if (now.getTime() >= firstDayAfterExpiry) {
      errors.push({ field: 'expYear', message: 'Card has expired.' })
    }
  }
  const cvcLength = cardBrand(digits) === 'amex' ? 4 : 3
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc)) {
    errors.push({ field: 'cvc', message: `Security code must be ${cvcLength} digits.` })
  }
  return errors
}

interface TestCardOutcome {
  declineCode?: string
  message?: string
}

const testCards: ReadonlyMap<string, TestCardOutcome> = new Map([
  ['4242424242424242', {}],
  ['5555555555554444', {}],
  ['378282246310005', {}],
  ['4000000000000002', { declineCode: 'card_declined', message: 'The card was declined.' }],
  [
    '4000000000009995',
    { declineCode: 'insufficient_funds', message: 'The card has insufficient funds.' },
  ],
  ['4000000000000069', { declineCode: 'expired_card', message: 'The card has expired.' }],
])

/** What the test-mode gateway remembers of a charge: never the card number. */
export interface RecordedCharge {
  chargeId: string
  idempotencyKey: string
  amountCents: number
  currency: string
  brand: CardBrand
  last4: string
  status: 'succeeded' | 'declined'
}

/**
 * A gateway that moves no money. It is idempotent per key like real gateways, and keeps the
 * list of charges it made so tests can count them.
 */
export class TestModeGateway implements PaymentGateway {
  readonly name = 'test-mode'
  private readonly byKey = new Map<string, Promise<ChargeResult>>()
  private readonly recorded: RecordedCharge[] = []

  get charges(): readonly RecordedCharge[] {
    return this.recorded
  }

  charge(request: ChargeRequest): Promise<ChargeResult> {
    const earlier = this.byKey.get(request.idempotencyKey)
    if (earlier) return earlier
    const result = Promise.resolve(this.decide(request))
    this.byKey.set(request.idempotencyKey, result)
    return result
  }

  private decide(request: ChargeRequest): ChargeResult {
    const digits = digitsOnly(request.card.number)
    const brand = cardBrand(digits)
    const chargeId = `test_ch_${randomUUID()}`
    const outcome = testCards.get(digits) ?? {
      declineCode: 'test_mode_unknown_card',
      message: 'Test mode accepts only the documented test card numbers.',
    }
    const result: ChargeResult = outcome.declineCode
      ? {
          status: 'declined',
          chargeId,
          brand,
          last4: last4(digits),
          declineCode: outcome.declineCode,
          message: outcome.message ?? 'The card was declined.',
        }
      : { status: 'succeeded', chargeId, brand, last4: last4(digits) }
    this.recorded.push({
      chargeId,
      idempotencyKey: request.idempotencyKey,
      amountCents: request.amountCents,
      currency: request.currency,
      brand,
      last4: result.last4,
      status: result.status,
    })
    return result
  }
}
