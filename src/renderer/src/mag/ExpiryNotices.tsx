import type { MagCredential } from '../../../shared/mag-channels'
import { useT } from '../i18n/useT'
import { ClockIcon } from './icons'
import { expired, expiringSoon } from './lib/dashboard-model'
import { expiryMessage } from './lib/mag-format'
import { getTwoFactorRoute, renewRoute } from './lib/mag-routes'
import { useMagShell } from './mag-context'
import { RichMessage } from '../i18n/RichMessage'

const emphasis = { 0: <strong /> }

/**
 * A credential with 30 days or fewer left says when it ends, with Renew while the service
 * offers it; an expired one says it no longer counts and offers a new credential.
 */
export function ExpiryNotices({ credentials }: { credentials: readonly MagCredential[] }) {
  const shell = useMagShell()
  const { t, formatDate } = useT()
  const soon = expiringSoon(credentials)
  const gone = expired(credentials).filter(
    // Once a newer credential of the same type is usable, the old one is history, not news.
    (old) => !credentials.some((c) => c.type === old.type && !c.expired && c.status === 'active'),
  )
  if (soon.length === 0 && gone.length === 0) return null
  return (
    <div className="notices">
      {soon.map((credential) => (
        <div key={credential.id} className="callout callout--warning">
          <ClockIcon className="callout__icon" />
          <p>
            <RichMessage
              {...expiryMessage(credential, formatDate(credential.expiresAt))}
              components={emphasis}
            />
            {credential.renewOffered ? ` ${t('magAccount.expiry.renewLosesNothing')}` : null}
          </p>
          {credential.renewOffered ? (
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => shell.go(shell.section, renewRoute(credential.id))}
            >
              {t('magAccount.action.renew')}
            </button>
          ) : null}
        </div>
      ))}
      {gone.map((credential) => (
        <div key={credential.id} className="callout callout--danger">
          <ClockIcon className="callout__icon" />
          <p>
            <RichMessage
              {...expiryMessage(credential, formatDate(credential.expiresAt))}
              components={emphasis}
            />
          </p>
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => shell.go('mag', getTwoFactorRoute())}
          >
            {t('magAccount.action.get2fa')}
          </button>
        </div>
      ))}
    </div>
  )
}
