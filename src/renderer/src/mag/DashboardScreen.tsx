import { useState } from 'react'
import type { MagApp, MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { RefreshIcon } from '../ui/icons'
import { CodePrompt } from './CodePrompt'
import { CredentialSummary } from './CredentialSummary'
import { ErrorNotice } from './ErrorNotice'
import { ExpiryNotices } from './ExpiryNotices'
import { ExternalIcon, SignOutIcon } from './icons'
import { ScreenHeader } from './ScreenHeader'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { appRequirement, isUsable } from './lib/dashboard-model'
import { shownError, type ShownError } from './shown-error'

type LaunchState = { busy: boolean; error?: ShownError; openedOrigin?: string }

/** The hue of an app's badge, from its slug: stable across runs, like the Codes badges. */
function appHue(slug: string): number {
  let hash = 7
  for (const char of slug) hash = (hash * 31 + char.charCodeAt(0)) % 9973
  return hash % 8
}

/** The partner applications granted to the account, and the account's 2FA credentials. */
export function DashboardScreen({ state }: { state: MagState }) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const { t } = useT()
  const [launches, setLaunches] = useState<Readonly<Record<string, LaunchState>>>({})
  const [codeFor, setCodeFor] = useState<MagApp>()
  const [signingOut, setSigningOut] = useState(false)
  const [refreshing, setRefreshing] = useState(false)
  const account = state.account

  const setLaunch = (slug: string, next: LaunchState) =>
    setLaunches((current) => ({ ...current, [slug]: next }))

  const launch = async (app: MagApp, code?: string) => {
    setLaunch(app.slug, { busy: true })
    try {
      const { openedOrigin } = await api.magLaunchApp(
        code ? { slug: app.slug, code } : { slug: app.slug },
      )
      setLaunch(app.slug, { busy: false, openedOrigin })
      shell.say(t('magAccount.apps.opened', { name: app.name }))
      // A launch may have elevated the session first: show the new Credential Strength.
      void store.load()
    } catch (caught) {
      const error = shownError(caught)
      if (error.code === 'mag-code-needed' && code === undefined) {
        setLaunch(app.slug, { busy: false })
        setCodeFor(app)
        return
      }
      store.noteError(caught)
      // A typed code that failed: the prompt shows why and stays open for another try.
      if (code !== undefined) {
        setLaunch(app.slug, { busy: false })
        throw caught
      }
      setLaunch(app.slug, { busy: false, error })
    }
  }

  const signOut = async () => {
    setSigningOut(true)
    try {
      store.accept(await api.magSignOut())
      shell.say(t('magAccount.dashboard.signedOut'))
    } catch (caught) {
      shell.say(
        t('magAccount.dashboard.signOutFailed', { reason: shownError(caught).message }),
        'error',
      )
      store.noteError(caught)
    } finally {
      setSigningOut(false)
    }
  }

  const refresh = async () => {
    setRefreshing(true)
    await store.refresh()
    setRefreshing(false)
  }

  // Main elevates with a usable credential before launching an OTP app; without one it cannot.
  const canStepUp = state.credentials.some(isUsable)
  const heldName =
    state.credentials.find((c) => isUsable(c) && c.entryId === null)?.type ??
    t('magAccount.otpCredential')

  return (
    <main className="mag-screen" aria-labelledby="mag-dashboard-title">
      <ScreenHeader
        title={t('magAccount.mag')}
        titleId="mag-dashboard-title"
        subtitle={account ? `${account.displayName} · ${account.organization}` : undefined}
      >
        <button
          type="button"
          className="icon-button"
          onClick={refresh}
          disabled={refreshing}
          aria-label={t('magAccount.dashboard.refresh')}
          title={t('magAccount.dashboard.refreshShort')}
        >
          <RefreshIcon />
        </button>
        <button type="button" className="button" onClick={signOut} disabled={signingOut}>
          <SignOutIcon />
          {signingOut ? t('magAccount.dashboard.signingOut') : t('magAccount.dashboard.signOut')}
        </button>
      </ScreenHeader>

      <div className="mag-content">
        <ExpiryNotices credentials={state.credentials} />
        <div className="mag-grid">
          <section className="card" aria-labelledby="apps-title">
            <h2 id="apps-title" className="card__title">
              {t('magAccount.apps.title')}
            </h2>
            {state.apps.length === 0 ? (
              <p className="muted card__empty">{t('magAccount.apps.none')}</p>
            ) : (
              <ul className="app-list">
                {state.apps.map((app) => {
                  const launchState = launches[app.slug]
                  return (
                    <li key={app.slug} className="app-list__item">
                      <div className="app-list__row">
                        <span className={`badge badge--hue-${appHue(app.slug)}`} aria-hidden="true">
                          {app.slug.charAt(0).toUpperCase()}
                        </span>
                        <div className="app-list__names">
                          <span className="app-list__name">{app.name}</span>
                          <span className="app-list__meta">
                            {t(appRequirement(app, canStepUp))}
                          </span>
                        </div>
                        <button
                          type="button"
                          className="button"
                          onClick={() => void launch(app)}
                          disabled={launchState?.busy}
                          aria-label={t('magAccount.apps.launchNamed', { name: app.name })}
                        >
                          <ExternalIcon />
                          {launchState?.busy
                            ? t('magAccount.apps.launching')
                            : t('magAccount.apps.launch')}
                        </button>
                      </div>
                      {launchState?.error ? (
                        <ErrorNotice
                          className="app-list__notice"
                          error={launchState.error}
                          onRetry={() => void launch(app)}
                          onEnterCode={() => setCodeFor(app)}
                        />
                      ) : launchState?.openedOrigin ? (
                        <p className="app-list__opened" role="status">
                          {t('magAccount.apps.openedAt', { origin: launchState.openedOrigin })}
                        </p>
                      ) : null}
                    </li>
                  )
                })}
              </ul>
            )}
          </section>

          <CredentialSummary state={state} />
        </div>
      </div>

      {codeFor ? (
        <CodePrompt
          title={t('magAccount.apps.launchNamed', { name: codeFor.name })}
          credentialName={heldName}
          submit={t('magAccount.apps.launch')}
          onClose={() => setCodeFor(undefined)}
          onCode={async (code) => {
            await launch(codeFor, code)
            setCodeFor(undefined)
          }}
        />
      ) : null}
    </main>
  )
}
