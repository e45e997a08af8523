import { useId, useState } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { useApi } from '../api-context'
import { entryDisplayName } from '../lib/entry-name'
import { errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'
import { useT } from '../i18n/useT'
import { RichMessage } from '../i18n/RichMessage'

type DeleteDialogProps = {
  entry: EntrySummary
  onClose: () => void
  onDeleted: (entry: EntrySummary) => void
}

/** Asks before deleting, naming the account, because a deleted secret cannot come back. */
export function DeleteDialog({ entry, onClose, onDeleted }: DeleteDialogProps) {
  const api = useApi()
  const { t } = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const bodyId = useId()
  const name = entryDisplayName(entry)
  const service = entry.issuer.trim()

  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await api.deleteEntry({ id: entry.id })
      onDeleted(entry)
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={t('codes.deleteDialog.title')}
      onClose={onClose}
      alert
      describedBy={bodyId}
      className="dialog--narrow"
    >
      <div id={bodyId} className="dialog__body">
        <p>
          <RichMessage id="codes.deleteDialog.body" values={{ name: <strong>{name}</strong> }} />
        </p>
        <p className="muted">
          {service
            ? t('codes.deleteDialog.signInElsewhere', { service })
            : t('codes.deleteDialog.signInElsewhereNoIssuer')}
        </p>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--danger" onClick={confirm} disabled={busy}>
          {busy ? t('codes.deleteDialog.deleting') : t('codes.deleteDialog.delete')}
        </button>
      </div>
    </Dialog>
  )
}
