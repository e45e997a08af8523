import { useState } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { CodePrompt } from './CodePrompt'
import { ErrorNotice } from './ErrorNotice'
import { DesktopIcon, TokenIcon } from './icons'
import { StatusPill } from './StatusPill'
import { canElevate, isUsable, sortCredentials, strengthCredential } from './lib/dashboard-model'
import { credentialStatus, formatDate, formatDaysLeft, strengthLabel } from './lib/mag-format'
import { getTwoFactorRoute } from './lib/mag-routes'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/** My 2FA Credentials: Credential Strength with Elevate, the credentials, Get 2FA. */
export function CredentialSummary({ state }: { state: MagState }) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError>()
  const [askCode, setAskCode] = useState(false)
  const strength = state.account?.strength ?? 'password'
  const used = strengthCredential(state)
  const credentials = sortCredentials(state.credentials.filter((c) => c.status !== 'revoked'))
  const notHeld = state.credentials.find((c) => isUsable(c) && c.entryId === null)

  const elevate = async (code?: string) => {
    setBusy(true)
    setError(undefined)
    try {
      const next = await api.magElevate(code ? { code } : {})
      store.accept(next)
      shell.say(`Credential Strength is now ${strengthLabel(next.account?.strength ?? 'password')}`)
    } catch (caught) {
      const shown = shownError(caught)
      store.noteError(caught)
      if (code !== undefined) throw caught
      if (shown.code === 'mag-code-needed') setAskCode(true)
      else setError(shown)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 id="credentials-title" className="card__title">
        My 2FA Credentials
      </h2>

      <div className="strength">
        <div className="strength__text">
          <span className="strength__label">Credential Strength</span>
          <span className="strength__value">
            <StatusPill
              label={strengthLabel(strength)}
              tone={strength === 'password' ? 'neutral' : 'success'}
            />
          </span>
          <span className="strength__note muted">
            {strength === 'password'
              ? 'This session was verified with your password only.'
              : `This session was verified with a code from your ${strength}.`}
          </span>
          {used?.expiryShown ? (
            <span className="strength__expiry">
              Expires on <strong>{formatDate(used.expiresAt)}</strong> · {formatDaysLeft(used)}
            </span>
          ) : null}
        </div>
        {canElevate(state) ? (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void elevate()}
            disabled={busy}
          >
            {busy ? 'Elevating…' : 'Elevate'}
          </button>
        ) : null}
      </div>
      {error ? (
        <ErrorNotice
          error={error}
          onRetry={() => void elevate()}
          onEnterCode={() => setAskCode(true)}
        />
      ) : null}

      {credentials.length === 0 ? (
        <p className="muted card__empty">
          No 2FA credential yet. Get one to open the applications that require OTP.
        </p>
      ) : (
        <ul className="credential-list">
          {credentials.map((credential) => {
            const status = credentialStatus(credential)
            return (
              <li key={credential.id} className="credential-list__item">
                {credential.type === 'Desktop OTP' ? (
                  <DesktopIcon className="credential-list__icon" />
                ) : (
                  <TokenIcon className="credential-list__icon" />
                )}
                <span className="credential-list__names">
                  <span className="credential-list__type">{credential.type}</span>
                  <span className="credential-list__meta">
                    {credential.serial
                      ? `Serial ${credential.serial}`
                      : credential.entryId
                        ? 'Held by this app'
                        : 'Not held by this app'}
                    {credential.expiryShown && !credential.expired
                      ? ` · expires ${formatDate(credential.expiresAt)}`
                      : ''}
                  </span>
                </span>
                <StatusPill {...status} />
              </li>
            )
          })}
        </ul>
      )}

      <div className="card__actions">
        <button
          type="button"
          className={state.credentials.some(isUsable) ? 'button' : 'button button--primary'}
          onClick={() => shell.go('mag', getTwoFactorRoute())}
        >
          Get 2FA
        </button>
        <button
          type="button"
          className="button"
          onClick={() => shell.go('account', { screen: 'manage-otp', tab: 'credentials' })}
        >
          Manage OTP
        </button>
      </div>

      {askCode ? (
        <CodePrompt
          title="Elevate your session"
          credentialName={notHeld?.type ?? 'OTP credential'}
          submit="Elevate"
          onClose={() => setAskCode(false)}
          onCode={async (code) => {
            await elevate(code)
            setAskCode(false)
          }}
        />
      ) : null}
    </section>
  )
}
