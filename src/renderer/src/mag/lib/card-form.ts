import type { ChannelArgs } from '../../../../shared/channels'
import type { MessageId } from '../../../../shared/i18n/namespaces'

/**
 * The card form's own checks, before anything leaves the window: only the shape (digits,
 * a month and a year, a CVC), so a typo is pointed at its field at once. Whether the card is
 * valid, expired or declined is the payment gateway's answer, shown as main reports it.
 * Errors are message ids: the form translates them, so this stays pure and language-free.
 */
export type CardFields = { number: string; expiry: string; cvc: string }
export type CardField = keyof CardFields
export type CardPayment = Extract<ChannelArgs<'magCheckout'>['payment'], { method: 'card' }>

export type CardErrors = Partial<Record<CardField, MessageId>>

export type CardParse = { ok: true; payment: CardPayment } | { ok: false; errors: CardErrors }

export function parseCard(fields: CardFields): CardParse {
  const errors: CardErrors = {}
  const digits = fields.number.replace(/[\s-]/g, '')
  if (digits === '') errors.number = 'magPurchase.card.numberMissing'
  else if (!/^\d{12,19}$/.test(digits)) errors.number = 'magPurchase.card.numberLength'

  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(fields.expiry)
  let expMonth = 0
  let expYear = 0
  if (fields.expiry.trim() === '') errors.expiry = 'magPurchase.card.expiryMissing'
  else if (!expiry) errors.expiry = 'magPurchase.card.expiryFormat'
  else {
    expMonth = Number(expiry[1])
    expYear = Number(expiry[2])
    if (expYear < 100) expYear += 2000
    if (expMonth < 1 || expMonth > 12) errors.expiry = 'magPurchase.card.expiryMonth'
  }

  const cvc = fields.cvc.trim()
  if (cvc === '') errors.cvc = 'magPurchase.card.cvcMissing'
  else if (!/^\d{3,4}$/.test(cvc)) errors.cvc = 'magPurchase.card.cvcLength'

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    payment: { method: 'card', card: { number: digits, expMonth, expYear, cvc } },
  }
}

/** "4242 4242 4242 4242" while typing: groups of four are easier to check against the card. */
export function groupCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '').slice(0, 19)
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** Which card field an error from main points at (its `field`, e.g. "card.number"). */
export function cardFieldOf(field: string | undefined): CardField | undefined {
  if (field === undefined) return undefined
  if (/number/i.test(field)) return 'number'
  if (/exp/i.test(field)) return 'expiry'
  if (/cvc/i.test(field)) return 'cvc'
  return undefined
}

/** A one-time code as typed ("123 456", "123456"): six digits or undefined. */
export function parseOtpCode(value: string): string | undefined {
  const digits = value.replace(/\s/g, '')
  return /^\d{6}$/.test(digits) ? digits : undefined
}
