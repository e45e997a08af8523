import {
  newEntryInputSchema,
  type Algorithm,
  type NewEntryInput,
  type OtpType,
} from '../../../shared/entry'

/** The manual-entry form as typed: numbers stay strings until the user submits. */
export type ManualEntryForm = {
  type: OtpType
  issuer: string
  label: string
  secret: string
  algorithm: Algorithm
  digits: string
  period: string
  counter: string
}

export type ManualEntryField = keyof ManualEntryForm

export const emptyManualEntryForm: ManualEntryForm = {
  type: 'totp',
  issuer: '',
  label: '',
  secret: '',
  algorithm: 'SHA1',
  digits: '6',
  period: '30',
  counter: '0',
}

export type FieldErrors = Partial<Record<string, string>>

export type FormCheck = { ok: true; input: NewEntryInput } | { ok: false; errors: FieldErrors }

const wholeNumber = /^\s*\d+\s*$/

/**
 * Checks the form with the same schema main enforces, so most mistakes are pointed at
 * before anything is sent. Main still validates (and alone can judge the secret's base32).
 */
export function checkManualEntryForm(form: ManualEntryForm): FormCheck {
  const errors: FieldErrors = {}
  const numberField = (field: 'digits' | 'period' | 'counter', name: string): number => {
    const text = form[field]
    if (!wholeNumber.test(text)) {
      errors[field] = `${name} must be a whole number`
      return Number.NaN
    }
    return Number.parseInt(text, 10)
  }
  const digits = numberField('digits', 'Digits')
  const period = form.type === 'totp' ? numberField('period', 'Period') : 30
  const counter = form.type === 'hotp' ? numberField('counter', 'Counter') : 0

  const candidate: NewEntryInput = {
    type: form.type,
    issuer: form.issuer,
    label: form.label,
    secret: form.secret,
    algorithm: form.algorithm,
    // Unreadable numbers already have their message; check the rest of the form with defaults.
    digits: Number.isNaN(digits) ? 6 : digits,
    period: Number.isNaN(period) ? 30 : period,
    counter: Number.isNaN(counter) ? 0 : counter,
  }
  const parsed = newEntryInputSchema.safeParse(candidate)
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, input: candidate }
  for (const issue of parsed.error?.issues ?? []) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : 'form'
    errors[field] ??= issue.message
  }
  return { ok: false, errors }
}
