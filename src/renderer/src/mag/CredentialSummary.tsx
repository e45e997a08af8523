import { useState } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { say } from '../lib/message'
import { useT } from '../i18n/useT'
import { CodePrompt } from './CodePrompt'
import { ErrorNotice } from './ErrorNotice'
import { DesktopIcon, TokenIcon } from './icons'
import { StatusPill } from './StatusPill'
import { canElevate, isUsable, sortCredentials, strengthCredential } from './lib/dashboard-model'
import { credentialHolder, credentialStatus, strengthLabel } from './lib/mag-format'
import { getTwoFactorRoute } from './lib/mag-routes'
import { useMagShell } from './mag-context'
import { RichMessage } from '../i18n/RichMessage'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/** My 2FA Credentials: Credential Strength with Elevate, the credentials, Get 2FA. */
export function CredentialSummary({ state }: { state: MagState }) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const { t, formatDate } = useT()
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
      shell.say(
        t('magAccount.strength.now', {
          strength: strengthLabel(next.account?.strength ?? 'password', t),
        }),
      )
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
        {t('magAccount.credentials.title')}
      </h2>

      <div className="strength">
        <div className="strength__text">
          <span className="strength__label">{t('magAccount.strength.label')}</span>
          <span className="strength__value">
            <StatusPill
              label={strengthLabel(strength, t)}
              tone={strength === 'password' ? 'neutral' : 'success'}
            />
          </span>
          <span className="strength__note muted">
            {strength === 'password'
              ? t('magAccount.strength.notePassword')
              : t('magAccount.strength.noteCredential', { type: strength })}
          </span>
          {used?.expiryShown ? (
            <span className="strength__expiry">
              <RichMessage
                id="magAccount.strength.expires"
                values={{ date: formatDate(used.expiresAt), days: used.daysLeft }}
                components={{ 0: <strong /> }}
              />
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
            {busy ? t('magAccount.strength.elevating') : t('magAccount.strength.elevate')}
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
        <p className="muted card__empty">{t('magAccount.credentials.none')}</p>
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
                    {credential.expiryShown && !credential.expired
                      ? t('magAccount.credential.withExpiry', {
                          holder: say(t, credentialHolder(credential)),
                          date: formatDate(credential.expiresAt),
                        })
                      : say(t, credentialHolder(credential))}
                  </span>
                </span>
                <StatusPill label={t(status.label)} tone={status.tone} />
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
          {t('magAccount.action.get2fa')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => shell.go('account', { screen: 'manage-otp', tab: 'credentials' })}
        >
          {t('magAccount.credentials.manageOtp')}
        </button>
      </div>

      {askCode ? (
        <CodePrompt
          title={t('magAccount.strength.elevateTitle')}
          credentialName={notHeld?.type ?? t('magAccount.otpCredential')}
          submit={t('magAccount.strength.elevate')}
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
