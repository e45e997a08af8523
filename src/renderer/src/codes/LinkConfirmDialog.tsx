import { useId, useState } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import type { PendingLink } from '../../../shared/pending-link'
import { useApi } from '../api-context'
import { errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'

type LinkConfirmDialogProps = {
  link: PendingLink
  /** How many more links wait after this one. */
  waiting: number
  onAdded: (entry: EntrySummary) => void
  /** The user said no (or Escape), or the link could not be added at all. */
  onDismissed: (link: PendingLink) => void
}

const TYPE_NAMES = { totp: 'Time-based (TOTP)', hotp: 'Counter-based (HOTP)' } as const

/**
 * Asks before adding an account from an otpauth link clicked elsewhere on the desktop: a web
 * page can offer such a link, so nothing is stored until the user says so. Shows only what
 * main sent (issuer, label, type); the link and its secret never reach this window.
 */
export function LinkConfirmDialog({ link, waiting, onAdded, onDismissed }: LinkConfirmDialogProps) {
  const api = useApi()
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

  const more = waiting > 0 ? ` ${waiting} more ${waiting === 1 ? 'link waits' : 'links wait'}.` : ''

  if (link.problem !== undefined || link.type === null) {
    return (
      <Dialog
        title="This link cannot be added"
        onClose={dismiss}
        alert
        describedBy={bodyId}
        className="dialog--narrow"
      >
        <div id={bodyId} className="dialog__body">
          <p>An otpauth link you opened cannot be read, so no account was added.</p>
          <p className="form-error">{link.problem ?? 'The link cannot be read.'}</p>
          {more ? <p className="muted">{more.trim()}</p> : null}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={dismiss} autoFocus>
            Close
          </button>
        </div>
      </Dialog>
    )
  }

  return (
    <Dialog
      title="Add this account?"
      onClose={dismiss}
      alert
      describedBy={bodyId}
      className="dialog--narrow"
    >
      <div id={bodyId} className="dialog__body">
        <p>A link you opened asks to add an account to MAG Authenticator:</p>
        <p>
          <span className="muted">Issuer</span>
          <br />
          <strong>{link.issuer.trim() || 'No issuer'}</strong>
        </p>
        <p>
          <span className="muted">Account</span>
          <br />
          <strong>{link.label}</strong>
        </p>
        <p>
          <span className="muted">Type</span>
          <br />
          <strong>{TYPE_NAMES[link.type]}</strong>
        </p>
        <p className="muted">
          Add it only if you expected to set up two-step sign-in just now.{more}
        </p>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={dismiss} autoFocus>
          Don’t add
        </button>
        <button type="button" className="button button--primary" onClick={confirm} disabled={busy}>
          {busy ? 'Adding…' : 'Add account'}
        </button>
      </div>
    </Dialog>
  )
}
