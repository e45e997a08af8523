import { MAX_VAULT_PASSWORD_LENGTH, MIN_VAULT_PASSWORD_LENGTH } from '@mag/vault/password-rules'
import type { MessageId, MessageValues } from '../../../shared/i18n/namespaces'

/** A message to translate, for one field of a password form. */
export type FieldProblem = { id: MessageId; values?: MessageValues }

export type NewPasswordInput = { newPassword: string; repeat: string; currentPassword?: string }

export type NewPasswordProblems = Partial<
  Record<'currentPassword' | 'newPassword' | 'repeat', FieldProblem>
>

/**
 * What the form can tell before asking main: the current password missing, the new one
 * shorter or longer than the vault accepts (the vault's own numbers), the two copies
 * different. Main checks again (the vault is where the rule is enforced); this only spares
 * a round trip, and a KDF run, for a mistake visible here. Empty: nothing to say.
 */
export function newPasswordProblems(input: NewPasswordInput): NewPasswordProblems {
  const problems: NewPasswordProblems = {}
  if (input.currentPassword !== undefined && input.currentPassword === '') {
    problems.currentPassword = { id: 'lock.password.currentMissing' }
  }
  if (input.newPassword.length < MIN_VAULT_PASSWORD_LENGTH) {
    problems.newPassword = {
      id: 'lock.password.tooShort',
      values: { min: MIN_VAULT_PASSWORD_LENGTH },
    }
  } else if (input.newPassword.length > MAX_VAULT_PASSWORD_LENGTH) {
    problems.newPassword = {
      id: 'lock.password.tooLong',
      values: { max: MAX_VAULT_PASSWORD_LENGTH },
    }
  } else if (input.repeat !== input.newPassword) {
    problems.repeat = { id: 'lock.password.repeatDifferent' }
  }
  return problems
}

export { MIN_VAULT_PASSWORD_LENGTH }
