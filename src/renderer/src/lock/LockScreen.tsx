import { useRef, useState, type FormEvent } from 'react'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { errorCode } from '../lib/errors'
import { Field } from '../ui/Field'
import { LockIcon } from '../ui/icons'
import { lockErrorMessage } from './lock-errors'

/**
 * The whole window while the vault is locked: a password field and Unlock, nothing else (no
 * section, code, label or MAG data exists in the page meanwhile; LockGate sees to that).
 * A wrong password says so under the field and keeps what was typed, selected, so it can be
 * corrected or typed over.
 */
export function LockScreen() {
  const api = useApi()
  const { t } = useT()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const field = useRef<HTMLInputElement>(null)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    if (password === '') {
      setError(t('lock.screen.passwordMissing'))
      field.current?.focus()
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      // On success LockGate replaces this screen with the window.
      await api.unlock({ password })
    } catch (caught) {
      setBusy(false)
      setError(
        errorCode(caught) === 'password-wrong'
          ? t('lock.screen.passwordWrong')
          : lockErrorMessage(caught, t),
      )
      field.current?.focus()
      field.current?.select()
    }
  }

  return (
    <main className="lock-screen" aria-labelledby="lock-title" aria-describedby="lock-explanation">
      <form className="lock-screen__card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <LockIcon className="lock-screen__icon" />
        <h1 id="lock-title" className="lock-screen__title">
          {t('lock.screen.title')}
        </h1>
        <p id="lock-explanation" className="lock-screen__explanation">
          {t('lock.screen.explanation')}
        </p>
        <Field label={t('lock.screen.passwordLabel')} error={error} className="lock-screen__field">
          {(control) => (
            <input
              {...control}
              ref={field}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              // The one thing to do here: the field has the keyboard from the start.
              autoFocus
              value={password}
              onChange={(event) => {
                setPassword(event.target.value)
                setError(undefined)
              }}
            />
          )}
        </Field>
        <button
          type="submit"
          className="button button--primary lock-screen__unlock"
          disabled={busy}
        >
          {busy ? t('lock.screen.unlocking') : t('lock.screen.unlock')}
        </button>
        <p className="visually-hidden" role="status">
          {busy ? t('lock.screen.unlocking') : ''}
        </p>
      </form>
    </main>
  )
}
