import { useId, useState } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import type { PendingLink } from '../../../shared/pending-link'
import { useApi } from '../api-context'
import { errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'
import { useT } from '../i18n/useT'

type LinkConfirmDialogProps = {
  link: PendingLink
  /** How many more links wait after this one. */
  waiting: number
  onAdded: (entry: EntrySummary) => void
  /** The user said no (or Escape), or the link could not be added at all. */
  onDismissed: (link: PendingLink) => void
}

const TYPE_NAMES = { totp: 'codes.type.totp', hotp: 'codes.type.hotp' } as const

/**
 * Asks before adding an account from an otpauth link clicked elsewhere on the desktop: a web
 * page can offer such a link, so nothing is stored until the user says so. Shows only what
 * main sent (issuer, label, type); the link and its secret never reach this window.
 */
export function LinkConfirmDialog({ link, waiting, onAdded, onDismissed }: LinkConfirmDialogProps) {
  const api = useApi()
  const { t } = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const bodyId = useId()

  const dismiss = () => {
    // Main forgets it either way (it expires); the answer only frees it sooner.
    void api.dismissPendingLink({ id: link.id }).catch(() => undefined)
    onDismissed(link)
  }

  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    try {
      onAdded(await api.confirmPendingLink({ id: link.id }))
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  const more = waiting > 0 ? t('codes.linkDialog.moreWaiting', { count: waiting }) : ''

  if (link.problem !== undefined || link.type === null) {
    return (
      <Dialog
        title={t('codes.linkDialog.unreadableTitle')}
        onClose={dismiss}
        alert
        describedBy={bodyId}
        className="dialog--narrow"
      >
        <div id={bodyId} className="dialog__body">
          <p>{t('codes.linkDialog.unreadableBody')}</p>
          <p className="form-error">{link.problem ?? t('codes.linkDialog.unreadableReason')}</p>
          {more ? <p className="muted">{more}</p> : null}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={dismiss} autoFocus>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
    )
  }

  return (
    <Dialog
      title={t('codes.linkDialog.title')}
      onClose={dismiss}
      alert
      describedBy={bodyId}
      className="dialog--narrow"
    >
      <div id={bodyId} className="dialog__body">
        <p>{t('codes.linkDialog.intro')}</p>
        <p>
          <span className="muted">{t('codes.linkDialog.issuer')}</span>
          <br />
          <strong>{link.issuer.trim() || t('codes.linkDialog.noIssuer')}</strong>
        </p>
        <p>
          <span className="muted">{t('codes.linkDialog.account')}</span>
          <br />
          <strong>{link.label}</strong>
        </p>
        <p>
          <span className="muted">{t('codes.linkDialog.type')}</span>
          <br />
          <strong>{t(TYPE_NAMES[link.type])}</strong>
        </p>
        <p className="muted">
          {waiting > 0
            ? t('codes.linkDialog.onlyIfExpectedMore', { count: waiting })
            : t('codes.linkDialog.onlyIfExpected')}
        </p>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={dismiss} autoFocus>
          {t('codes.linkDialog.dontAdd')}
        </button>
        <button type="button" className="button button--primary" onClick={confirm} disabled={busy}>
          {busy ? t('codes.linkDialog.adding') : t('codes.linkDialog.add')}
        </button>
      </div>
    </Dialog>
  )
}
