import { useId, useState, type FormEvent } from 'react'
import type { ExportResult } from '../../../shared/transfer'
import { useApi } from '../api-context'
import { errorMessage } from '../lib/errors'
import { checkBackupPassword, passwordHint } from '../lib/transfer-text'
import { Dialog } from '../ui/Dialog'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import '../styles/transfer.css'

type Kind = 'backup' | 'plain'

type ExportDialogProps = {
  onClose: () => void
  onExported: (result: Extract<ExportResult, { kind: 'saved' }>, kind: Kind) => void
}

/**
 * Takes every account out: an encrypted backup (Aegis's format, restorable here and in Aegis)
 * by default, or a plain list of otpauth links only after the user acknowledged that every
 * secret will be readable by anyone who gets the file. Main asks where to save.
 */
export function ExportDialog({ onClose, onExported }: ExportDialogProps) {
  const [kind, setKind] = useState<Kind>('backup')
  return (
    <Dialog title="Export accounts" onClose={onClose} className="dialog--export">
      <fieldset className="segmented">
        <legend className="field__label">What to save</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name="export-kind"
            value="backup"
            checked={kind === 'backup'}
            onChange={() => setKind('backup')}
          />
          <span>Encrypted backup</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name="export-kind"
            value="plain"
            checked={kind === 'plain'}
            onChange={() => setKind('plain')}
          />
          <span>Plain text list</span>
        </label>
      </fieldset>
      {kind === 'backup' ? (
        <BackupForm onClose={onClose} onExported={(r) => onExported(r, 'backup')} />
      ) : (
        <PlainForm onClose={onClose} onExported={(r) => onExported(r, 'plain')} />
      )}
    </Dialog>
  )
}

type FormProps = {
  onClose: () => void
  onExported: (result: Extract<ExportResult, { kind: 'saved' }>) => void
}

function BackupForm({ onClose, onExported }: FormProps) {
  const api = useApi()
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [errors, setErrors] = useState<{ password?: string; confirmation?: string; form?: string }>(
    {},
  )
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const checked = checkBackupPassword(password, confirmation)
    if (!checked.ok) {
      setErrors({ [checked.field]: checked.message })
      return
    }
    setBusy(true)
    setErrors({})
    try {
      const result = await api.exportEncryptedBackup({ password })
      setBusy(false)
      if (result.kind === 'saved') {
        setPassword('')
        setConfirmation('')
        onExported(result)
      }
    } catch (caught) {
      setErrors({ form: errorMessage(caught) })
      setBusy(false)
    }
  }

  return (
    <form className="form export-form" onSubmit={submit} noValidate>
      <p className="muted">
        An encrypted file in Aegis’s backup format: restore it here or in Aegis on a phone. Keep the
        password somewhere safe: without it the backup cannot be opened.
      </p>
      <Field label="Backup password" error={errors.password} hint={passwordHint(password)}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value)
              setErrors({})
            }}
            autoComplete="new-password"
            autoFocus
            maxLength={1024}
          />
        )}
      </Field>
      <Field label="Repeat the password" error={errors.confirmation}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="password"
            value={confirmation}
            onChange={(event) => {
              setConfirmation(event.target.value)
              setErrors({})
            }}
            autoComplete="new-password"
            maxLength={1024}
          />
        )}
      </Field>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <FormActions submit="Save backup…" busyText="Encrypting…" busy={busy} onCancel={onClose} />
    </form>
  )
}

function PlainForm({ onClose, onExported }: FormProps) {
  const api = useApi()
  const [acknowledged, setAcknowledged] = useState(false)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const warningId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!acknowledged) return
    setBusy(true)
    setError(undefined)
    try {
      const result = await api.exportPlainList({ acknowledgedPlainTextRisk: true })
      setBusy(false)
      if (result.kind === 'saved') onExported(result)
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <form className="form export-form" onSubmit={submit} noValidate>
      <div className="warning" id={warningId} role="note">
        <p>
          <strong>Every secret will be in clear text.</strong> Anyone who can read this file (a
          backup service, a synced folder, someone with your computer) can generate all your codes
          and sign in as you wherever only the code stood in the way.
        </p>
        <p>Use it only to move to another app, keep it offline, and delete it when done.</p>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={acknowledged}
          onChange={(event) => setAcknowledged(event.target.checked)}
          aria-describedby={warningId}
        />
        <span>I understand that this file exposes all my secrets</span>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--danger" disabled={!acknowledged || busy}>
          {busy ? 'Saving…' : 'Save plain list…'}
        </button>
      </div>
    </form>
  )
}
