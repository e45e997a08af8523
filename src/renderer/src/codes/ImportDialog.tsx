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
import { useT } from '../i18n/useT'
import { RichMessage } from '../i18n/RichMessage'

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
  new: 'codes.import.status.new',
  present: 'codes.import.status.present',
  conflict: 'codes.import.status.conflict',
} as const

/**
 * Brings accounts in from another authenticator's export, a backup or a QR code. Main reads
 * and holds the accounts; this shows what it would do (names and statuses only) and adds
 * the new ones when the user says so. Closing drops what main holds.
 */
export function ImportDialog({ onClose, onImported }: ImportDialogProps) {
  const api = useApi()
  const { t } = useT()
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
    <Dialog title={t('codes.import.title')} onClose={onClose} className="dialog--import">
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
  const { t } = useT()
  const option = ({ source, title, detail }: { source: Source; title: string; detail: string }) => (
    <button
      key={source}
      type="button"
      className="source-option"
      onClick={() => onChoose(source)}
      disabled={busy !== undefined}
      aria-describedby={`import-${source}-detail`}
    >
      <span className="source-option__title">
        {busy === source ? t('codes.import.reading') : title}
      </span>
      <span className="source-option__detail muted" id={`import-${source}-detail`}>
        {detail}
      </span>
    </button>
  )
  const sources: { source: Source; title: string; detail: string }[] = [
    { source: 'file', title: t('codes.import.fromFile'), detail: t('codes.import.fromFileDetail') },
    {
      source: 'clipboard',
      title: t('codes.import.fromClipboard'),
      detail: t('codes.import.fromClipboardDetail'),
    },
    {
      source: 'screen',
      title: t('codes.import.fromScreen'),
      detail: t('codes.import.fromScreenDetail'),
    },
  ]
  return (
    <div className="form">
      <p className="muted">{t('codes.import.nothingUntilConfirmed')}</p>
      <div className="source-options">{sources.map(option)}</div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
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
  const { t } = useT()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (password === '') {
      setError(t('codes.import.passwordMissing'))
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
        <RichMessage
          id="codes.import.fileEncrypted"
          values={{ fileName: <strong className="file-name">{fileName}</strong> }}
        />
      </p>
      <Field label={t('codes.import.filePassword')} error={error}>
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
      <FormActions
        submit={t('codes.import.unlock')}
        busyText={t('codes.import.unlocking')}
        busy={busy}
        onCancel={onCancel}
      />
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
  const { t } = useT()
  const counts = previewCounts(preview)
  const summary = previewSummary(preview)
  const addText = addButtonText(preview)
  return (
    <div className="form">
      <p className="import-summary">
        <span className="muted">{preview.sourceName}</span>
        <strong>{t(summary.id, summary.values)}</strong>
      </p>
      {preview.entries.length > 0 ? (
        <ul className="import-list" aria-label={t('codes.import.listLabel')}>
          {preview.entries.map((entry, i) => (
            <li key={i} className={`import-item import-item--${entry.status}`}>
              <span className="import-item__name">{entryDisplayName(entry)}</span>
              <span className="import-item__type muted">{entry.type.toUpperCase()}</span>
              <span className={`status-tag status-tag--${entry.status}`}>
                {t(STATUS_TEXT[entry.status])}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {counts.conflict > 0 ? <p className="muted">{t('codes.import.conflictExplained')}</p> : null}
      {preview.problems.length > 0 ? (
        <div className="import-problems">
          <h3 className="import-problems__title">{t('codes.import.problemsTitle')}</h3>
          <ul aria-label={t('codes.import.problemsLabel')}>
            {preview.problems.map((problem) => (
              <li key={problem.index}>
                <RichMessage
                  id="codes.import.problem"
                  values={{
                    entry: (
                      <strong>
                        {problem.name
                          ? t('codes.import.problemEntryNamed', {
                              number: problem.index + 1,
                              name: problem.name,
                            })
                          : t('codes.import.problemEntry', { number: problem.index + 1 })}
                      </strong>
                    ),
                    reason: <>{problem.reason}</>,
                  }}
                />
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
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={onAdd}
          disabled={busy || counts.toAdd === 0}
          autoFocus
        >
          {busy ? t('codes.import.adding') : t(addText.id, addText.values)}
        </button>
      </div>
    </div>
  )
}
