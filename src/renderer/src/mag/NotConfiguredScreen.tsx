import { useT } from '../i18n/useT'
import { ShieldIcon } from '../ui/icons'
import { ErrorNotice } from './ErrorNotice'
import { useMagShell } from './mag-context'

/** No MAG service to talk to (or none answered at all): say so, and where to set it. */
export function NotConfiguredScreen({
  problem,
}: {
  problem?: { code: string | undefined; message: string }
}) {
  const shell = useMagShell()
  const { t } = useT()
  const notConfigured = problem === undefined || problem.code === 'mag-not-configured'
  return (
    <main className="mag-screen mag-signin" aria-labelledby="mag-none-title">
      <div className="mag-signin__card">
        <ShieldIcon className="mag-signin__logo" />
        <h1 id="mag-none-title" className="mag-signin__title">
          {notConfigured
            ? t('magAccount.notConfigured.title')
            : t('magAccount.notConfigured.unavailableTitle')}
        </h1>
        {notConfigured ? (
          <>
            <p className="muted">{t('magAccount.notConfigured.text')}</p>
            <button
              type="button"
              className="button button--primary"
              onClick={() => shell.go('settings')}
            >
              {t('magAccount.action.openSettings')}
            </button>
          </>
        ) : (
          <ErrorNotice error={{ ...problem, field: undefined }} />
        )}
      </div>
    </main>
  )
}
