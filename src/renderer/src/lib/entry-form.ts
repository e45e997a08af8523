import {
  newEntryInputSchema,
  type Algorithm,
  type NewEntryInput,
  type OtpType,
} from '../../../shared/entry'
import type { Translate } from '../i18n/useT'
import { message, type Message } from './message'

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

/** What a dialog shows under each field (in the UI language), keyed by field name or 'form'. */
export type FieldErrors = Partial<Record<string, string>>

/** What is wrong with each field, not yet in a language (the dialog translates). */
export type FieldProblems = Partial<Record<string, Message>>

export type FormCheck = { ok: true; input: NewEntryInput } | { ok: false; errors: FieldProblems }

/** The problems as a dialog shows them, in the UI language. */
export function problemTexts(problems: FieldProblems, t: Translate): FieldErrors {
  const texts: FieldErrors = {}
  for (const [field, problem] of Object.entries(problems)) {
    if (problem) texts[field] = t(problem.id, problem.values)
  }
  return texts
}

/** One issue the entry schema (the vault's rules) found, as zod reports it. */
export type SchemaIssue = {
  code: string
  path: readonly PropertyKey[]
  minimum?: unknown
  maximum?: unknown
}

function limit(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0
}

/**
 * The sentence for an issue the entry schema found, by field and rule: the schema's own
 * messages are English (the vault shares them with main), so the dialogs say it from the
 * catalogue instead.
 */
export function schemaIssueMessage(issue: SchemaIssue): Message {
  const field = issue.path[0]
  const tooLong = issue.code === 'too_big'
  const tooShort = issue.code === 'too_small'
  switch (field) {
    case 'issuer':
      if (tooLong) return message('codes.entryForm.issuerTooLong', { max: limit(issue.maximum) })
      break
    case 'label':
      if (tooShort) return message('codes.entryForm.labelRequired')
      if (tooLong) return message('codes.entryForm.labelTooLong', { max: limit(issue.maximum) })
      break
    case 'secret':
      if (tooShort) return message('codes.entryForm.secretRequired')
      if (tooLong) return message('codes.entryForm.secretTooLong', { max: limit(issue.maximum) })
      break
    case 'digits':
      return message('codes.entryForm.digitsRange')
    case 'period':
      if (tooShort) return message('codes.entryForm.periodTooShort')
      if (tooLong) return message('codes.entryForm.periodTooLong', { max: limit(issue.maximum) })
      break
    case 'counter':
      if (tooShort) return message('codes.entryForm.counterNegative')
      break
  }
  return message('codes.entryForm.invalid')
}

/** Each field's first issue, keyed by field ('form' when the issue names none). */
export function schemaProblems(issues: readonly SchemaIssue[]): FieldProblems {
  const problems: FieldProblems = {}
  for (const issue of issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : 'form'
    problems[field] ??= schemaIssueMessage(issue)
  }
  return problems
}

const notWholeNumber = {
  digits: 'codes.entryForm.digitsNotWhole',
  period: 'codes.entryForm.periodNotWhole',
  counter: 'codes.entryForm.counterNotWhole',
} as const

const wholeNumber = /^\s*\d+\s*$/

/**
 * Checks the form with the same schema main enforces, so most mistakes are pointed at
 * before anything is sent. Main still validates (and alone can judge the secret's base32).
 */
export function checkManualEntryForm(form: ManualEntryForm): FormCheck {
  const errors: FieldProblems = {}
  const numberField = (field: 'digits' | 'period' | 'counter'): number => {
    const text = form[field]
    if (!wholeNumber.test(text)) {
      errors[field] = message(notWholeNumber[field])
      return Number.NaN
    }
    return Number.parseInt(text, 10)
  }
  const digits = numberField('digits')
  const period = form.type === 'totp' ? numberField('period') : 30
  const counter = form.type === 'hotp' ? numberField('counter') : 0

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
  return { ok: false, errors: { ...schemaProblems(parsed.error?.issues ?? []), ...errors } }
}
