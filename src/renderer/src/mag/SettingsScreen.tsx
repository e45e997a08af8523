import { useState, type FormEvent } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import type { MessageId } from '../../../shared/i18n/namespaces'
import { useApi } from '../api-context'
import { say } from '../lib/message'
import { useT } from '../i18n/useT'
import { DesktopSettings } from '../settings/DesktopSettings'
import { PasswordSettings } from '../lock/PasswordSettings'
import { Field } from '../ui/Field'
import { ErrorNotice } from './ErrorNotice'
import { ScreenHeader } from './ScreenHeader'
import { StatusPill } from './StatusPill'
import { describeClockSkew, formatDuration, type StatusTone } from './lib/mag-format'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

const STATUS: Record<MagState['connection']['status'], { label: MessageId; tone: StatusTone }> = {
  online: { label: 'magAccount.connection.online', tone: 'success' },
  offline: { label: 'magAccount.connection.offline', tone: 'danger' },
  'bad-response': { label: 'magAccount.connection.badResponse', tone: 'danger' },
  unknown: { label: 'magAccount.connection.unknown', tone: 'neutral' },
  'not-configured': { label: 'magAccount.connection.notConfigured', tone: 'neutral' },
}

const SOURCES: Record<MagState['connection']['source'], MessageId> = {
  settings: 'magAccount.connection.sourceSettings',
  'development-service': 'magAccount.connection.sourceDevelopment',
  none: 'magAccount.connection.sourceNone',
}

/** What the address field shows while empty: a URL's start, the same in every language. */
const ADDRESS_PLACEHOLDER = 'https://'

/** Settings → the MAG service's address, and how the connection stands. */
export function SettingsScreen({ state }: { state: MagState | undefined }) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const { t, language } = useT()
  const connection = state?.connection
  const [address, setAddress] = useState(
    connection?.source === 'settings' ? (connection.serviceUrl ?? '') : '',
  )
  const [fieldError, setFieldError] = useState<string>()
  const [error, setError] = useState<ShownError>()
  const [busy, setBusy] = useState(false)

  const save = async (url: string | null) => {
    setBusy(true)
    setFieldError(undefined)
    setError(undefined)
    try {
      const next = await api.magSetServiceUrl({ url })
      store.accept(next)
      if (url === null) setAddress('')
      shell.say(t(url === null ? 'magAccount.service.reset' : 'magAccount.service.saved'))
    } catch (caught) {
      const shown = shownError(caught)
      if (shown.field === 'url' || shown.code === 'validation-failed') setFieldError(shown.message)
      else setError(shown)
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = address.trim()
    void save(trimmed === '' ? null : trimmed)
  }

  return (
    <main className="mag-screen" aria-labelledby="settings-title">
      <ScreenHeader title={t('magAccount.settings.title')} titleId="settings-title" />
      <div className="mag-content">
        <form
          className="card card--flow"
          aria-labelledby="service-title"
          onSubmit={onSubmit}
          noValidate
        >
          <h2 id="service-title" className="card__title">
            {t('magAccount.service.title')}
          </h2>
          <Field
            label={t('magAccount.service.address')}
            error={fieldError}
            hint={t('magAccount.service.hint')}
          >
            {(control) => (
              <input
                {...control}
                type="url"
                className="input"
                placeholder={
                  connection?.source === 'development-service'
                    ? (connection.serviceUrl ?? ADDRESS_PLACEHOLDER)
                    : ADDRESS_PLACEHOLDER
                }
                spellCheck={false}
                value={address}
                onChange={(event) => {
                  setAddress(event.target.value)
                  setFieldError(undefined)
                }}
              />
            )}
          </Field>
          {error ? <ErrorNotice error={error} /> : null}
          <div className="card__actions card__actions--end">
            <button
              type="button"
              className="button"
              onClick={() => void save(null)}
              disabled={busy || connection?.source !== 'settings'}
            >
              {t('magAccount.service.useDefault')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t('magAccount.service.saving') : t('common.save')}
            </button>
          </div>
        </form>

        <section className="card card--flow" aria-labelledby="connection-title">
          <h2 id="connection-title" className="card__title">
            {t('magAccount.connection.title')}
          </h2>
          {connection ? (
            <dl className="facts">
              <div>
                <dt>{t('magAccount.connection.status')}</dt>
                <dd>
                  <StatusPill
                    label={t(STATUS[connection.status].label)}
                    tone={STATUS[connection.status].tone}
                  />
                  {connection.problem ? (
                    <span className="facts__note">{connection.problem}</span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('magAccount.connection.address')}</dt>
                <dd>
                  {connection.serviceUrl ? (
                    <code>{connection.serviceUrl}</code>
                  ) : (
                    t('magAccount.connection.noAddress')
                  )}
                  <span className="facts__note">{t(SOURCES[connection.source])}</span>
                </dd>
              </div>
              <div>
                <dt>{t('magAccount.connection.clock')}</dt>
                <dd>
                  {connection.clockSkewMs === null
                    ? t('magAccount.connection.clockNotMeasured')
                    : connection.clockWarning
                      ? say(t, describeClockSkew(connection.clockSkewMs, language))
                      : t('magAccount.connection.clockWithin', {
                          duration: formatDuration(
                            Math.max(1000, Math.abs(connection.clockSkewMs)),
                            language,
                          ),
                        })}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted">{t('magAccount.connection.noService')}</p>
          )}
        </section>
        <DesktopSettings />
        <PasswordSettings />
      </div>
    </main>
  )
}
