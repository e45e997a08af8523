import { useState, type FormEvent } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { DesktopSettings } from '../settings/DesktopSettings'
import { Field } from '../ui/Field'
import { ErrorNotice } from './ErrorNotice'
import { ScreenHeader } from './ScreenHeader'
import { StatusPill } from './StatusPill'
import { describeClockSkew, formatDuration, type StatusTone } from './lib/mag-format'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

const STATUS: Record<MagState['connection']['status'], { label: string; tone: StatusTone }> = {
  online: { label: 'Online', tone: 'success' },
  offline: { label: 'Offline', tone: 'danger' },
  'bad-response': { label: 'Not answering as MAG', tone: 'danger' },
  unknown: { label: 'Not checked yet', tone: 'neutral' },
  'not-configured': { label: 'Not configured', tone: 'neutral' },
}

const SOURCES: Record<MagState['connection']['source'], string> = {
  settings: 'The address set here.',
  'development-service':
    'No address is set, so this development build started the reference service with its demo data on this computer.',
  none: 'No address is set.',
}

/** Settings → the MAG service's address, and how the connection stands. */
export function SettingsScreen({ state }: { state: MagState | undefined }) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
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
      shell.say(
        url === null ? 'MAG service address reset to the default' : 'MAG service address saved',
      )
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
      <ScreenHeader title="Settings" />
      <div className="mag-content">
        <form
          className="card card--flow"
          aria-labelledby="service-title"
          onSubmit={onSubmit}
          noValidate
        >
          <h2 id="service-title" className="card__title">
            MAG service
          </h2>
          <Field
            label="Service address"
            error={fieldError}
            hint="For example https://mag.example.com. Plain http only for a service on this computer."
          >
            {(control) => (
              <input
                {...control}
                type="url"
                className="input"
                placeholder={
                  connection?.source === 'development-service'
                    ? (connection.serviceUrl ?? 'https://')
                    : 'https://'
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
              Use default
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>

        <section className="card card--flow" aria-labelledby="connection-title">
          <h2 id="connection-title" className="card__title">
            Connection
          </h2>
          {connection ? (
            <dl className="facts">
              <div>
                <dt>Status</dt>
                <dd>
                  <StatusPill {...STATUS[connection.status]} />
                  {connection.problem ? (
                    <span className="facts__note">{connection.problem}</span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>Address</dt>
                <dd>
                  {connection.serviceUrl ? <code>{connection.serviceUrl}</code> : 'None'}
                  <span className="facts__note">{SOURCES[connection.source]}</span>
                </dd>
              </div>
              <div>
                <dt>Clock</dt>
                <dd>
                  {connection.clockSkewMs === null
                    ? 'Not measured yet'
                    : connection.clockWarning
                      ? describeClockSkew(connection.clockSkewMs)
                      : `Within ${formatDuration(Math.max(1000, Math.abs(connection.clockSkewMs)))} of the service's`}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted">No MAG service is configured.</p>
          )}
        </section>
        <DesktopSettings />
      </div>
    </main>
  )
}
