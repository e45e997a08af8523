import { AppError } from '../../../shared/app-error'
import { errorMessage } from '../lib/errors'
import { WarningIcon } from '../ui/icons'

/**
 * Shown when the vault cannot even be opened, so there is nothing else to show. A data file
 * from a newer app gets its own explanation: the generic "could not start" would leave the
 * user wondering whether their accounts are gone, when all they need is an update.
 */
export function StartupErrorScreen({ error }: { error: unknown }) {
  if (error instanceof AppError && error.code === 'data-file-too-new') {
    return (
      <main className="problem" aria-labelledby="startup-title">
        <div className="problem__card">
          <WarningIcon className="problem__icon" />
          <h1 id="startup-title" className="problem__title">
            Update MAG Authenticator to open your accounts
          </h1>
          <p className="problem__message">
            This data file was written by a newer version of MAG Authenticator, which this version
            cannot read.
          </p>
          <div className="problem__remedy">
            <h2 className="problem__subtitle">What you can do</h2>
            <p>Update MAG Authenticator to the latest version, then start it again.</p>
          </div>
          <p className="muted problem__safe">
            Your data was left untouched: this version has not changed, moved or deleted anything.
          </p>
        </div>
      </main>
    )
  }
  return (
    <main className="problem" aria-labelledby="startup-title">
      <div className="problem__card">
        <WarningIcon className="problem__icon" />
        <h1 id="startup-title" className="problem__title">
          The app could not start
        </h1>
        <p className="problem__message">{errorMessage(error)}</p>
      </div>
    </main>
  )
}
