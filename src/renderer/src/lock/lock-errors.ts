import type { Translate } from '../i18n/useT'
import { errorCode, errorField, errorMessage } from '../lib/errors'

/**
 * A sentence for what a lock or password call was refused with. The vault's refusals the
 * password forms expect are translated here; anything else (the keychain refused, for
 * instance) is main's own sentence, which says what happened and what to do.
 */
export function lockErrorMessage(error: unknown, t: Translate): string {
  switch (errorCode(error)) {
    case 'password-wrong':
      return errorField(error) === 'currentPassword'
        ? t('lock.password.currentWrong')
        : t('lock.screen.passwordWrong')
    case 'password-not-set':
      return t('lock.password.notSet')
    case 'locked':
      return t('lock.password.lockedMeanwhile')
    default:
      return errorMessage(error)
  }
}
