import { useId, useState, type FormEvent } from 'react'
import type { ExportResult } from '../../../shared/transfer'
import { useApi } from '../api-context'
import { errorMessage } from '../lib/errors'
import { checkBackupPassword, passwordHint } from '../lib/transfer-text'
import { Dialog } from '../ui/Dialog'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import '../styles/transfer.css'
import { useT } from '../i18n/useT'
import { RichMessage } from '../i18n/RichMessage'

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
  const { t } = useT()
  const [kind, setKind] = useState<Kind>('backup')
  return (
    <Dialog title={t('codes.export.title')} onClose={onClose} className="dialog--export">
      <fieldset className="segmented">
        <legend className="field__label">{t('codes.export.whatToSave')}</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name="export-kind"
            value="backup"
            checked={kind === 'backup'}
            onChange={() => setKind('backup')}
          />
          <span>{t('codes.export.encryptedBackup')}</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name="export-kind"
            value="plain"
            checked={kind === 'plain'}
            onChange={() => setKind('plain')}
          />
          <span>{t('codes.export.plainList')}</span>
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
  const { t } = useT()
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
      setErrors({ [checked.field]: t(checked.message.id, checked.message.values) })
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

  const hint = passwordHint(password)
  return (
    <form className="form export-form" onSubmit={submit} noValidate>
      <p className="muted">{t('codes.export.backupExplained')}</p>
      <Field
        label={t('codes.export.backupPassword')}
        error={errors.password}
        hint={hint && t(hint.id, hint.values)}
      >
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
      <Field label={t('codes.export.repeatPassword')} error={errors.confirmation}>
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
      <FormActions
        submit={t('codes.export.saveBackup')}
        busyText={t('codes.export.encrypting')}
        busy={busy}
        onCancel={onClose}
      />
    </form>
  )
}

function PlainForm({ onClose, onExported }: FormProps) {
  const api = useApi()
  const { t } = useT()
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
          <RichMessage id="codes.export.plainWarning" components={{ 0: <strong /> }} />
        </p>
        <p>{t('codes.export.plainAdvice')}</p>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={acknowledged}
          onChange={(event) => setAcknowledged(event.target.checked)}
          aria-describedby={warningId}
        />
        <span>{t('codes.export.plainAcknowledge')}</span>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--danger" disabled={!acknowledged || busy}>
          {busy ? t('codes.export.saving') : t('codes.export.savePlain')}
        </button>
      </div>
    </form>
  )
}
