import { useState } from 'react'
import { say } from '../lib/message'
import { useT } from '../i18n/useT'
import { ClockIcon, OfflineIcon } from './icons'
import { describeClockSkew } from './lib/mag-format'
import { useMagStore } from './useMagStore'

/**
 * Above every section once MAG was opened: the service is offline or not answering as MAG
 * (codes keep working), or this computer's clock is far enough off to make codes fail.
 */
export function MagBanners() {
  const { snapshot, store } = useMagStore()
  const [retrying, setRetrying] = useState(false)
  const { t, language } = useT()
  const connection = snapshot.state?.connection
  if (!connection) return null
  const down = connection.status === 'offline' || connection.status === 'bad-response'
  const skew =
    connection.clockWarning && connection.clockSkewMs !== null ? connection.clockSkewMs : undefined

  const retry = async () => {
    setRetrying(true)
    await store.refresh()
    setRetrying(false)
  }

  return (
    <>
      {down ? (
        <div className="banner banner--danger" role="alert">
          <OfflineIcon className="banner__icon" />
          <div className="banner__text">
            <p>
              <strong>
                {connection.status === 'offline'
                  ? t('magAccount.banner.offline')
                  : t('magAccount.banner.badResponse')}
              </strong>{' '}
              {connection.problem ?? t('magAccount.banner.codesKeepWorking')}
            </p>
          </div>
          <button
            type="button"
            className="button button--small"
            onClick={() => void retry()}
            disabled={retrying}
          >
            {retrying ? t('magAccount.banner.retrying') : t('common.tryAgain')}
          </button>
        </div>
      ) : null}
      {skew !== undefined ? (
        <div className="banner" role="alert">
          <ClockIcon className="banner__icon" />
          <div className="banner__text">
            <p>
              <strong>{say(t, describeClockSkew(skew, language))}</strong>{' '}
              {t('magAccount.banner.clockAdvice')}
            </p>
          </div>
        </div>
      ) : null}
    </>
  )
}
