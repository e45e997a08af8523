import type { CredentialType } from '@mag/mag-contract'
import { useState, type FormEvent } from 'react'
import type { MagCredential } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { Field } from '../ui/Field'
import { ErrorNotice } from './ErrorNotice'
import { CheckIcon } from './icons'
import { parseOtpCode } from './lib/card-form'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

type TokenFields = { serial: string; code1: string; code2: string }

/**
 * Activates a license key. Desktop OTP: main receives the seed straight into the vault and
 * proves it with a current code (the window never sees it). A hardware token: its serial and
 * two consecutive codes.
 */
export function ActivateStep({
  licenseKey,
  credentialType,
  onActivated,
}: {
  licenseKey: string
  credentialType: CredentialType
  onActivated: (credential: MagCredential) => void
}) {
  const { t } = useT()
  const api = useApi()
  const { store } = useMagStore()
  const [token, setToken] = useState<TokenFields>({ serial: '', code1: '', code2: '' })
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof TokenFields, string>>>({})
  const [error, setError] = useState<ShownError>()
  const [busy, setBusy] = useState(false)
  const hardware = credentialType === 'OTP Hardware Token'

  const activate = async (event?: FormEvent) => {
    event?.preventDefault()
    setError(undefined)
    let args: Parameters<typeof api.magActivate>[0] = { licenseKey }
    if (hardware) {
      const code1 = parseOtpCode(token.code1)
      const code2 = parseOtpCode(token.code2)
      const errors = {
        serial: token.serial.trim() === '' ? t('magPurchase.activate.serialMissing') : undefined,
        code1: code1 ? undefined : t('magPurchase.activate.firstCodeMissing'),
        code2: code2 ? undefined : t('magPurchase.activate.nextCodeMissing'),
      }
      setFieldErrors(errors)
      if (!code1 || !code2 || errors.serial) return
      args = { licenseKey, serial: token.serial.trim(), codes: [code1, code2] }
    }
    setBusy(true)
    try {
      const credential = await api.magActivate(args)
      await store.load()
      onActivated(credential)
    } catch (caught) {
      const shown = shownError(caught)
      if (hardware && shown.field === 'serial') setFieldErrors({ serial: shown.message })
      else setError(shown)
      store.noteError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="card card--flow"
      aria-labelledby="activate-title"
      onSubmit={activate}
      noValidate
    >
      <h2 id="activate-title" className="card__title">
        {t('magPurchase.activate.title', { type: credentialType })}
      </h2>
      <p className="muted">
        {t('magPurchase.activate.licenseKey')}{' '}
        <code className="license-key license-key--inline">{licenseKey}</code>
      </p>
      {hardware ? (
        <>
          <Field
            label={t('magPurchase.activate.serial')}
            error={fieldErrors.serial}
            hint={t('magPurchase.activate.serialHint')}
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                autoFocus
                value={token.serial}
                onChange={(event) => setToken({ ...token, serial: event.target.value })}
              />
            )}
          </Field>
          <div className="form__row">
            <Field label={t('magPurchase.activate.firstCode')} error={fieldErrors.code1}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={token.code1}
                  onChange={(event) => setToken({ ...token, code1: event.target.value })}
                />
              )}
            </Field>
            <Field
              label={t('magPurchase.activate.nextCode')}
              error={fieldErrors.code2}
              hint={t('magPurchase.activate.nextCodeHint')}
            >
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={token.code2}
                  onChange={(event) => setToken({ ...token, code2: event.target.value })}
                />
              )}
            </Field>
          </div>
        </>
      ) : (
        <ol className="explain-list">
          <li>{t('magPurchase.activate.explainIssued')}</li>
          <li>{t('magPurchase.activate.explainVault')}</li>
          <li>{t('magPurchase.activate.explainProof')}</li>
        </ol>
      )}
      {error ? <ErrorNotice error={error} onRetry={() => void activate()} /> : null}
      <div className="card__actions card__actions--end">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy
            ? t('magPurchase.activate.busy')
            : hardware
              ? t('magPurchase.activate.submitToken')
              : t('magPurchase.activate.submitDesktop')}
        </button>
      </div>
    </form>
  )
}

/** Done: the credential is active (and, for Desktop OTP, in Codes). */
export function ActivatedStep({
  credential,
  onCodes,
  onDashboard,
}: {
  credential: MagCredential | undefined
  onCodes: () => void
  onDashboard: () => void
}) {
  const { t, formatDate } = useT()
  const desktop = credential?.type !== 'OTP Hardware Token'
  return (
    <section className="card card--flow card--success" aria-labelledby="activated-title">
      <CheckIcon className="card__success-icon" />
      <h2 id="activated-title" className="card__title">
        {credential
          ? t('magPurchase.activated.title', { type: credential.type })
          : t('magPurchase.activated.titleUnnamed')}
      </h2>
      {credential ? (
        <p>{t('magPurchase.activated.validUntil', { date: formatDate(credential.expiresAt) })}</p>
      ) : null}
      <p className="muted">
        {desktop
          ? t('magPurchase.activated.desktopExplained')
          : t('magPurchase.activated.tokenExplained')}
      </p>
      <div className="card__actions">
        {desktop ? (
          <button type="button" className="button button--primary" onClick={onCodes}>
            {t('magPurchase.activated.showInCodes')}
          </button>
        ) : null}
        <button type="button" className="button" onClick={onDashboard}>
          {t('magPurchase.activated.backToDashboard')}
        </button>
      </div>
    </section>
  )
}
