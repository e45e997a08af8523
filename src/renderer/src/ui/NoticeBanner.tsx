import type { VaultNotice } from '../../../shared/vault-status'
import { CloseIcon, WarningIcon } from './icons'

/** Something the user must know happened (e.g. a damaged data file was set aside). */
export function NoticeBanner({
  notice,
  onDismiss,
}: {
  notice: VaultNotice
  onDismiss: () => void
}) {
  return (
    <div className="banner" role="alert">
      <WarningIcon className="banner__icon" />
      <div className="banner__text">
        <p>{notice.message}</p>
        {notice.path ? (
          <p className="banner__path">
            Kept at <code>{notice.path}</code>
          </p>
        ) : null}
      </div>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss notice">
        <CloseIcon />
      </button>
    </div>
  )
}
