import type { AppErrorCode } from '../../../../shared/errors'
import type { MessageId } from '../../../../shared/i18n/namespaces'

/**
 * The one thing a user can do about a MAG error, shown as a button next to its message
 * (main's AppError.message says what happened; this says what to press). `none`: the
 * message is the whole answer (e.g. wrong password: retype it).
 */
export type MagErrorAction =
  'sign-in' | 'resync' | 'renew' | 'get-2fa' | 'retry' | 'settings' | 'enter-code' | 'none'

const ACTIONS: Partial<Record<AppErrorCode, MagErrorAction>> = {
  'mag-session-expired': 'sign-in',
  'mag-signed-out': 'sign-in',
  unauthenticated: 'sign-in',
  'refresh-token-invalid': 'sign-in',
  'refresh-token-reused': 'sign-in',
  'ticket-signed-out': 'sign-in',

  'credential-locked': 'resync',
  'code-locked': 'resync',

  'renewal-available': 'renew',

  'credential-expired': 'get-2fa',
  'code-expired': 'get-2fa',
  'no-otp-credential': 'get-2fa',
  'renewal-not-eligible': 'get-2fa',

  'mag-offline': 'retry',
  'mag-bad-response': 'retry',
  'service-unavailable': 'retry',
  'not-ready': 'retry',
  'internal-error': 'retry',
  'request-timeout': 'retry',
  'payment-outcome-unknown': 'retry',
  'payment-gateway-error': 'retry',
  'checkout-in-progress': 'retry',
  'resync-conflict': 'retry',

  'mag-not-configured': 'settings',

  'mag-code-needed': 'enter-code',
}

export function actionForError(code: string | undefined): MagErrorAction {
  if (code === undefined) return 'none'
  return ACTIONS[code as AppErrorCode] ?? 'none'
}

/** Each action's button label (a catalogue id; the component translates it). */
export const ACTION_LABELS: Record<Exclude<MagErrorAction, 'none'>, MessageId> = {
  'sign-in': 'magAccount.action.signIn',
  resync: 'magAccount.action.resync',
  renew: 'magAccount.action.renew',
  'get-2fa': 'magAccount.action.get2fa',
  retry: 'common.tryAgain',
  settings: 'magAccount.action.openSettings',
  'enter-code': 'magAccount.action.enterCode',
}

/** Errors after which the window's state is stale: the session or the connection changed. */
export function invalidatesState(code: string | undefined): boolean {
  return actionForError(code) === 'sign-in' || code === 'mag-offline' || code === 'mag-bad-response'
}
