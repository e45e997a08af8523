import { useState, type FormEvent } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { Field } from '../ui/Field'
import { ShieldIcon } from '../ui/icons'
import { ErrorNotice } from './ErrorNotice'
import { InfoIcon } from './icons'
import { RichMessage } from '../i18n/RichMessage'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/**
 * Email or username and password. When this app holds the account's MAG credential, main
 * adds its current code, so the session starts at OTP strength. After an expired session
 * the screen says so, and signing in returns to the screen the user was on.
 */
export function SignInScreen({ state }: { state: MagState }) {
  const api = useApi()
  const { store } = useMagStore()
  const { t } = useT()
  const [identifier, setIdentifier] = useState('')
  const [password, setPassword] = useState('')
  const [fieldErrors, setFieldErrors] = useState<{ identifier?: string; password?: string }>({})
  const [error, setError] = useState<ShownError>()
  const [busy, setBusy] = useState(false)
  const { connection } = state

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const missing = {
      identifier: identifier.trim() === '' ? t('magAccount.signIn.identifierMissing') : undefined,
      password: password === '' ? t('magAccount.signIn.passwordMissing') : undefined,
    }
    setFieldErrors(missing)
    if (missing.identifier || missing.password) return
    setBusy(true)
    setError(undefined)
    try {
      store.accept(await api.magSignIn({ identifier: identifier.trim(), password }))
    } catch (caught) {
      const shown = shownError(caught)
      if (shown.field === 'identifier' || shown.field === 'password')
        setFieldErrors({ [shown.field]: shown.message })
      else setError(shown)
      store.noteError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="mag-screen mag-signin" aria-labelledby="mag-signin-title">
      <div className="mag-signin__card">
        <ShieldIcon className="mag-signin__logo" />
        <h1 id="mag-signin-title" className="mag-signin__title">
          {t('magAccount.signIn.title')}
        </h1>
        <p className="muted mag-signin__service">
          {connection.serviceUrl ? (
            <RichMessage
              id="magAccount.signIn.serviceAt"
              values={{ url: connection.serviceUrl }}
              components={{ 0: <code /> }}
            />
          ) : (
            t('magAccount.signIn.service')
          )}
        </p>

        {state.session === 'expired' ? (
          <p className="callout callout--warning" role="status">
            {t('magAccount.signIn.sessionEnded')}
          </p>
        ) : null}
        {connection.source === 'development-service' ? (
          <div className="callout callout--info">
            <InfoIcon className="callout__icon" />
            <p>{t('magAccount.signIn.developmentService')}</p>
          </div>
        ) : null}

        <form className="form" onSubmit={onSubmit} noValidate>
          <Field label={t('magAccount.signIn.identifier')} error={fieldErrors.identifier}>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="username"
                autoFocus
                value={identifier}
                onChange={(event) => setIdentifier(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('magAccount.signIn.password')} error={fieldErrors.password}>
            {(control) => (
              <input
                {...control}
                type="password"
                className="input"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          {error ? <ErrorNotice error={error} /> : null}
          <button type="submit" className="button button--primary button--wide" disabled={busy}>
            {busy ? t('magAccount.signIn.submitting') : t('magAccount.signIn.submit')}
          </button>
          <p className="muted mag-signin__note">{t('magAccount.signIn.note')}</p>
        </form>
      </div>
    </main>
  )
}
