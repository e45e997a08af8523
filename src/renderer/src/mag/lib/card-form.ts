import type { ChannelArgs } from '../../../../shared/channels'

/**
 * The card form's own checks, before anything leaves the window: only the shape (digits,
 * a month and a year, a CVC), so a typo is pointed at its field at once. Whether the card is
 * valid, expired or declined is the payment gateway's answer, shown as main reports it.
 */
export type CardFields = { number: string; expiry: string; cvc: string }
export type CardField = keyof CardFields
export type CardPayment = Extract<ChannelArgs<'magCheckout'>['payment'], { method: 'card' }>

export type CardParse =
  { ok: true; payment: CardPayment } | { ok: false; errors: Partial<Record<CardField, string>> }

export function parseCard(fields: CardFields): CardParse {
  const errors: Partial<Record<CardField, string>> = {}
  const digits = fields.number.replace(/[\s-]/g, '')
  if (digits === '') errors.number = 'Enter the card number'
  else if (!/^\d{12,19}$/.test(digits)) errors.number = 'A card number is 12 to 19 digits'

  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(fields.expiry)
  let expMonth = 0
  let expYear = 0
  if (fields.expiry.trim() === '') errors.expiry = 'Enter the expiry date'
  else if (!expiry) errors.expiry = 'Write the expiry as MM/YY'
  else {
    expMonth = Number(expiry[1])
    expYear = Number(expiry[2])
    if (expYear < 100) expYear += 2000
    if (expMonth < 1 || expMonth > 12) errors.expiry = 'The month is 01 to 12'
  }

  const cvc = fields.cvc.trim()
  if (cvc === '') errors.cvc = 'Enter the security code'
  else if (!/^\d{3,4}$/.test(cvc)) errors.cvc = 'The security code is 3 or 4 digits'

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
