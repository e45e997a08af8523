import { useT } from '../i18n/useT'
import { WarningIcon } from '../ui/icons'
import { renewalInsteadOf } from './lib/dashboard-model'
import { ACTION_LABELS, actionForError, type MagErrorAction } from './lib/mag-error-actions'
import { getTwoFactorRoute, renewRoute } from './lib/mag-routes'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import type { ShownError } from './shown-error'

type ErrorNoticeProps = {
  error: ShownError
  /** Try again: the call that failed. Without it, "Try again" re-reads the state. */
  onRetry?: () => void
  /** Enter code: ask the user for a code and repeat the call with it. */
  onEnterCode?: () => void
  /** Resync this credential (else Resync opens Manage OTP). */
  onResync?: () => void
  className?: string
}

/**
 * Main's message, next to what it concerns, with the one button that helps, if there is
 * one (Sign in again, Resync, Renew, Get 2FA, Try again, Open Settings, Enter code).
 */
export function ErrorNotice({
  error,
  onRetry,
  onEnterCode,
  onResync,
  className,
}: ErrorNoticeProps) {
  const { snapshot, store } = useMagStore()
  const shell = useMagShell()
  const { t } = useT()
  const action = actionForError(error.code)
  const credentials = snapshot.state?.credentials ?? []
  const renewable = renewalInsteadOf(credentials)

  const handlers: Record<Exclude<MagErrorAction, 'none'>, (() => void) | undefined> = {
    'sign-in': () => void store.load(),
    resync: onResync ?? (() => shell.go('account', { screen: 'manage-otp', tab: 'credentials' })),
    renew: renewable
      ? () => shell.go(shell.section === 'account' ? 'account' : 'mag', renewRoute(renewable.id))
      : undefined,
    'get-2fa': () => shell.go('mag', getTwoFactorRoute()),
    retry: onRetry ?? (() => void store.refresh()),
    settings: () => shell.go('settings'),
    'enter-code': onEnterCode,
  }
  const handler = action === 'none' ? undefined : handlers[action]

  return (
    <div className={['error-notice', className].filter(Boolean).join(' ')} role="alert">
      <WarningIcon className="error-notice__icon" />
      <p className="error-notice__text">{error.message}</p>
      {action !== 'none' && handler ? (
        <button type="button" className="button button--small" onClick={handler}>
          {t(ACTION_LABELS[action])}
        </button>
      ) : null}
    </div>
  )
}
