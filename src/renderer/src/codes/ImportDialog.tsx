import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import type { ImportPreviewView, ImportStep } from '../../../shared/transfer'
import { useApi } from '../api-context'
import { entryDisplayName } from '../lib/entry-name'
import { errorMessage, errorCode } from '../lib/errors'
import { addButtonText, previewCounts, previewSummary } from '../lib/transfer-text'
import { Dialog } from '../ui/Dialog'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import '../styles/transfer.css'

type ImportDialogProps = {
  onClose: () => void
  onImported: (added: EntrySummary[]) => void
}

type Step =
  | { kind: 'choose' }
  | { kind: 'password'; lockedFileId: string; fileName: string }
  | { kind: 'preview'; preview: ImportPreviewView }

type Source = 'file' | 'clipboard' | 'screen'

const STATUS_TEXT = {
  new: 'New',
  present: 'Already present',
  conflict: 'New secret',
} as const

/**
 * Brings accounts in from another authenticator's export, a backup or a QR code. Main reads
 * and holds the accounts; this shows what it would do (names and statuses only) and adds
 * the new ones when the user says so. Closing drops what main holds.
 */
export function ImportDialog({ onClose, onImported }: ImportDialogProps) {
  const api = useApi()
  const [step, setStep] = useState<Step>({ kind: 'choose' })
  const [busy, setBusy] = useState<Source | 'add' | undefined>()
  const [error, setError] = useState<string>()
  // What main holds for this dialog, so closing it (any way) lets main drop it.
  const held = useRef<string | undefined>(undefined)

  useEffect(
    () => () => {
      if (held.current) void api.cancelImport({ id: held.current }).catch(() => undefined)
    },
    [api],
  )

  const show = (next: ImportStep) => {
    if (next.kind === 'cancelled') return
    if (next.kind === 'needs-password') {
      held.current = next.lockedFileId
      setStep({ kind: 'password', lockedFileId: next.lockedFileId, fileName: next.fileName })
    } else {
      held.current = next.preview.previewId
      setStep({ kind: 'preview', preview: next.preview })
    }
  }

  const start = async (source: Source) => {
    setBusy(source)
    setError(undefined)
    try {
      show(
        await (source === 'file'
          ? api.importFromFile()
          : source === 'clipboard'
            ? api.importFromClipboard()
            : api.importFromScreen()),
      )
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(undefined)
    }
  }

  const add = async (preview: ImportPreviewView) => {
    setBusy('add')
    setError(undefined)
    try {
      const { added } = await api.confirmImport({ previewId: preview.previewId })
      held.current = undefined
      onImported(added)
    } catch (caught) {
      if (errorCode(caught) === 'import-expired') held.current = undefined
      setError(errorMessage(caught))
      setBusy(undefined)
    }
  }

  return (
    <Dialog title="Import accounts" onClose={onClose} className="dialog--import">
      {step.kind === 'choose' ? (
        <ChooseSource busy={busy} error={error} onChoose={start} onClose={onClose} />
      ) : step.kind === 'password' ? (
        <PasswordStep
          lockedFileId={step.lockedFileId}
          fileName={step.fileName}
          onUnlocked={show}
          onCancel={onClose}
        />
      ) : (
        <PreviewStep
          preview={step.preview}
          busy={busy === 'add'}
          error={error}
          onAdd={() => add(step.preview)}
          onCancel={onClose}
        />
      )}
    </Dialog>
  )
}

function ChooseSource({
  busy,
  error,
  onChoose,
  onClose,
}: {
  busy: Source | 'add' | undefined
  error: string | undefined
  onChoose: (source: Source) => void
  onClose: () => void
}) {
  const option = (source: Source, title: string, detail: string) => (
    <button
      type="button"
      className="source-option"
      onClick={() => onChoose(source)}
      disabled={busy !== undefined}
      aria-describedby={`import-${source}-detail`}
    >
      <span className="source-option__title">{busy === source ? 'Reading…' : title}</span>
      <span className="source-option__detail muted" id={`import-${source}-detail`}>
        {detail}
      </span>
    </button>
  )
  return (
    <div className="form">
      <p className="muted">
        Nothing is added until you have seen what the import holds and confirmed.
      </p>
      <div className="source-options">
        {option(
          'file',
          'From a file…',
          'Aegis, 2FAS, andOTP, Bitwarden, Google Authenticator export, a list of otpauth links, a backup from this app, or a QR code image (PNG, JPEG).',
        )}
        {option('clipboard', 'QR code from the clipboard', 'An image of a QR code you copied.')}
        {option('screen', 'QR code on the screen', 'Show the QR code on your screen first.')}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  )
}

function PasswordStep({
  lockedFileId,
  fileName,
  onUnlocked,
  onCancel,
}: {
  lockedFileId: string
  fileName: string
  onUnlocked: (step: ImportStep) => void
  onCancel: () => void
}) {
  const api = useApi()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (password === '') {
      setError('Enter the password')
      inputRef.current?.focus()
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const next = await api.unlockImportFile({ lockedFileId, password })
      setPassword('')
      onUnlocked(next)
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
      inputRef.current?.select()
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>
        <strong className="file-name">{fileName}</strong> is encrypted. Enter the password it was
        exported with.
      </p>
      <Field label="File password" error={error}>
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            className="input"
            type="password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value)
              setError(undefined)
            }}
            autoComplete="off"
            autoFocus
            maxLength={1024}
          />
        )}
      </Field>
      <FormActions submit="Unlock" busyText="Unlocking…" busy={busy} onCancel={onCancel} />
    </form>
  )
}

function PreviewStep({
  preview,
  busy,
  error,
  onAdd,
  onCancel,
}: {
  preview: ImportPreviewView
  busy: boolean
  error: string | undefined
  onAdd: () => void
  onCancel: () => void
}) {
  const counts = previewCounts(preview)
  return (
    <div className="form">
      <p className="import-summary">
        <span className="muted">{preview.sourceName}</span>
        <strong>{previewSummary(preview)}</strong>
      </p>
      {preview.entries.length > 0 ? (
        <ul className="import-list" aria-label="Accounts in the import">
          {preview.entries.map((entry, i) => (
            <li key={i} className={`import-item import-item--${entry.status}`}>
              <span className="import-item__name">{entryDisplayName(entry)}</span>
              <span className="import-item__type muted">{entry.type.toUpperCase()}</span>
              <span className={`status-tag status-tag--${entry.status}`}>
                {STATUS_TEXT[entry.status]}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {counts.conflict > 0 ? (
        <p className="muted">
          “New secret”: you have an account with this name whose secret differs (the site issued a
          new key). It is added beside the old one; delete the old one once the new codes work.
        </p>
      ) : null}
      {preview.problems.length > 0 ? (
        <div className="import-problems">
          <h3 className="import-problems__title">Cannot be read, will not be added</h3>
          <ul aria-label="Accounts that cannot be read">
            {preview.problems.map((problem) => (
              <li key={problem.index}>
                <strong>
                  Entry {problem.index + 1}
                  {problem.name ? ` (${problem.name})` : ''}
                </strong>
                : {problem.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={onAdd}
          disabled={busy || counts.toAdd === 0}
          autoFocus
        >
          {busy ? 'Adding…' : addButtonText(preview)}
        </button>
      </div>
    </div>
  )
}
