import type { VaultNotice } from '../../../shared/vault-status'
import { Trans } from '@lingui/react'
import type { MessageId } from '../../../shared/i18n/namespaces'
import { noticeMessage } from '../lib/errors'
import { useT } from '../i18n/useT'
import { CloseIcon, WarningIcon } from './icons'

/** The path in its own <code> element, wherever the language puts it in the sentence. */
const keptAt: MessageId = 'common.notice.keptAt'

/** Something the user must know happened (e.g. a damaged data file was set aside). */
export function NoticeBanner({
  notice,
  onDismiss,
}: {
  notice: VaultNotice
  onDismiss: () => void
}) {
  const { t } = useT()
  return (
    <div className="banner" role="alert">
      <WarningIcon className="banner__icon" />
      <div className="banner__text">
        <p>{noticeMessage(notice)}</p>
        {notice.path ? (
          <p className="banner__path">
            <Trans id={keptAt} values={{ path: notice.path }} components={{ 0: <code /> }} />
          </p>
        ) : null}
      </div>
      <button
        type="button"
        className="icon-button"
        onClick={onDismiss}
        aria-label={t('common.notice.dismiss')}
      >
        <CloseIcon />
      </button>
    </div>
  )
}
