import { useId, useState } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { useApi } from '../api-context'
import { entryDisplayName } from '../lib/entry-name'
import { errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'

type DeleteDialogProps = {
  entry: EntrySummary
  onClose: () => void
  onDeleted: (entry: EntrySummary) => void
}

/** Asks before deleting, naming the account, because a deleted secret cannot come back. */
export function DeleteDialog({ entry, onClose, onDeleted }: DeleteDialogProps) {
  const api = useApi()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const bodyId = useId()
  const name = entryDisplayName(entry)
  const service = entry.issuer.trim() || 'that service'

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
      title="Delete account?"
      onClose={onClose}
      alert
      describedBy={bodyId}
      className="dialog--narrow"
    >
      <div id={bodyId} className="dialog__body">
        <p>
          Delete <strong>{name}</strong>? You will no longer be able to generate its codes in this
          app.
        </p>
        <p className="muted">
          Before you do, make sure you can still sign in to {service} another way, or turn off
          two-step sign-in there first.
        </p>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={confirm} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </Dialog>
  )
}
