import { readAppErrorShape, type AppErrorCode } from '../../../shared/app-error'
import type { UiLanguage } from '../../../shared/i18n/languages'
import type { MessageId } from '../../../shared/i18n/namespaces'
import type { VaultLockedProblem, VaultNotice, VaultProblem } from '../../../shared/vault-status'
import { currentLanguage, translate } from '../i18n/i18n'
import type { Translate } from '../i18n/useT'

/*
 * What main reports (a failed call's AppError, a vault notice, the vault's problem) as a
 * sentence in the UI language. One policy for all of them:
 *
 * - Main writes its messages in English, where the fault is found, and they are more specific
 *   than any catalogue entry can be (they name the line, the field, the limit, the account;
 *   the e2e specs assert them). In English the user sees main's own message.
 * - In any other language the user sees the catalogue's message for the code or kind
 *   (`errors.<code>`, `errors.notice.<kind>`, `errors.problem.<kind>.message|remedy`), never
 *   main's English: a German sentence that says less beats an English one the user may not
 *   read. Main's text cannot be translated piecewise (it is built from English phrases).
 * - Anything without a code we know (a bridge failure, a renderer bug, a garbled envelope)
 *   is the catalogue's generic message, in every language: its own text is for developers.
 *
 * The functions read the active language (i18n.ts) when called. Components call them while
 * rendering and use useT(), so a language switch re-renders them and they read the new one.
 * A message kept in state (a form's error) stays in the language it was made in until the
 * next error replaces it.
 *
 * Each id is built as a template from its code or kind, typed as MessageId: a code added to
 * appErrorCodes (or a notice or problem kind added to the vault) without its catalogue entry
 * fails type-checking here, and tests/i18n/error-messages.test.ts walks the lists at run time.
 */

/** The language main writes its messages in (the catalogue's source language). */
const mainsLanguage: UiLanguage = 'en'

/** The UI language and its catalogue: the active ones, or a test's. */
export type UiText = { language: UiLanguage; t: Translate }

function activeUiText(): UiText {
  return { language: currentLanguage(), t: translate }
}

/** Main's own text where the UI speaks main's language (and main said something), else the catalogue's. */
function inUiLanguage(mainsText: string, id: MessageId, ui: UiText): string {
  return ui.language === mainsLanguage && mainsText.trim() !== '' ? mainsText : ui.t(id)
}

/** The catalogue's message for an error code. */
export function errorMessageId(code: AppErrorCode): MessageId {
  return `errors.${code}`
}

/** A sentence for the user from anything a call can reject with, in the UI language. */
export function errorMessage(error: unknown, ui: UiText = activeUiText()): string {
  const reported = readAppErrorShape(error)
  if (!reported) return ui.t('common.somethingWentWrong')
  return inUiLanguage(reported.message, errorMessageId(reported.code), ui)
}

/** The form field an error points at, if main named one. */
export function errorField(error: unknown): string | undefined {
  return readAppErrorShape(error)?.field
}

/** The stable code of an error from main, to branch on. */
export function errorCode(error: unknown): AppErrorCode | undefined {
  return readAppErrorShape(error)?.code
}

/** A vault notice (e.g. a damaged data file moved aside) as a sentence in the UI language. */
export function noticeMessage(notice: VaultNotice, ui: UiText = activeUiText()): string {
  return inUiLanguage(notice.message, `errors.notice.${notice.kind}`, ui)
}

/** What happened, for a vault that cannot give out codes (no keychain, locked, key missing). */
export function problemMessage(
  problem: VaultProblem | VaultLockedProblem,
  ui: UiText = activeUiText(),
): string {
  return inUiLanguage(problem.message, `errors.problem.${problem.kind}.message`, ui)
}

/** What the user can do about that problem. */
export function problemRemedy(
  problem: VaultProblem | VaultLockedProblem,
  ui: UiText = activeUiText(),
): string {
  return inUiLanguage(problem.remedy, `errors.problem.${problem.kind}.remedy`, ui)
}
