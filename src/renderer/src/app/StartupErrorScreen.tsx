import { AppError } from '../../../shared/app-error'
import { errorMessage } from '../lib/errors'
import { WarningIcon } from '../ui/icons'
import { useT } from '../i18n/useT'

/**
 * Shown when the vault cannot even be opened, so there is nothing else to show. A data file
 * from a newer app gets its own explanation: the generic "could not start" would leave the
 * user wondering whether their accounts are gone, when all they need is an update.
 */
export function StartupErrorScreen({ error }: { error: unknown }) {
  const { t } = useT()
  if (error instanceof AppError && error.code === 'data-file-too-new') {
    return (
      <main className="problem" aria-labelledby="startup-title">
        <div className="problem__card">
          <WarningIcon className="problem__icon" />
          <h1 id="startup-title" className="problem__title">
            {t('app.startup.tooNew.title')}
          </h1>
          <p className="problem__message">{t('app.startup.tooNew.message')}</p>
          <div className="problem__remedy">
            <h2 className="problem__subtitle">{t('app.problem.whatYouCanDo')}</h2>
            <p>{t('app.startup.tooNew.remedy')}</p>
          </div>
          <p className="muted problem__safe">{t('app.startup.tooNew.safe')}</p>
        </div>
      </main>
    )
  }
  return (
    <main className="problem" aria-labelledby="startup-title">
      <div className="problem__card">
        <WarningIcon className="problem__icon" />
        <h1 id="startup-title" className="problem__title">
          {t('app.startup.failed.title')}
        </h1>
        <p className="problem__message">{errorMessage(error)}</p>
      </div>
    </main>
  )
}
