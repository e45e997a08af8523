import { useState, type FormEvent } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { Field } from '../ui/Field'
import { ShieldIcon } from '../ui/icons'
import { ErrorNotice } from './ErrorNotice'
import { InfoIcon } from './icons'
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
  const [identifier, setIdentifier] = useState('')
  const [password, setPassword] = useState('')
  const [fieldErrors, setFieldErrors] = useState<{ identifier?: string; password?: string }>({})
  const [error, setError] = useState<ShownError>()
  const [busy, setBusy] = useState(false)
  const { connection } = state

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const missing = {
      identifier: identifier.trim() === '' ? 'Enter your email or username' : undefined,
      password: password === '' ? 'Enter your password' : undefined,
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
          Sign in to MAG
        </h1>
        <p className="muted mag-signin__service">
          {connection.serviceUrl ? (
            <>
              Managed Access Gateway at <code>{connection.serviceUrl}</code>
            </>
          ) : (
            'Managed Access Gateway'
          )}
        </p>

        {state.session === 'expired' ? (
          <p className="callout callout--warning" role="status">
            Your MAG session has ended. Sign in again to continue where you left off.
          </p>
        ) : null}
        {connection.source === 'development-service' ? (
          <div className="callout callout--info">
            <InfoIcon className="callout__icon" />
            <p>
              No MAG service address is set, so the app started the development service with its
              demo data on this computer. The demo account is printed where the app was started (see
              the README, “MAG in the app”).
            </p>
          </div>
        ) : null}

        <form className="form" onSubmit={onSubmit} noValidate>
          <Field label="Email or username" error={fieldErrors.identifier}>
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
          <Field label="Password" error={fieldErrors.password}>
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
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <p className="muted mag-signin__note">
            If this app holds your MAG credential, it adds the current code for you.
          </p>
        </form>
      </div>
    </main>
  )
}
