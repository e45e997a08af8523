import { useState, type FormEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { entryEditSchema } from '../../../shared/entry'
import { useApi } from '../api-context'
import { errorField, errorMessage } from '../lib/errors'
import { problemTexts, schemaProblems, type FieldErrors } from '../lib/entry-form'
import { useT } from '../i18n/useT'
import { Dialog } from '../ui/Dialog'
import { EntryNameFields } from './EntryNameFields'
import { FormActions } from '../ui/FormActions'

type EditDialogProps = {
  entry: EntrySummary
  onClose: () => void
  onSaved: (entry: EntrySummary) => void
}

/** Renames an account; its secret and code settings stay as they were. */
export function EditDialog({ entry, onClose, onSaved }: EditDialogProps) {
  const api = useApi()
  const { t } = useT()
  const [issuer, setIssuer] = useState(entry.issuer)
  const [label, setLabel] = useState(entry.label)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const edit = { id: entry.id, issuer, label }
    const checked = entryEditSchema.safeParse(edit)
    if (!checked.success) {
      setErrors(problemTexts(schemaProblems(checked.error.issues), t))
      return
    }
    setBusy(true)
    try {
      onSaved(await api.updateEntry(edit))
    } catch (caught) {
      setErrors({ [errorField(caught) ?? 'form']: errorMessage(caught) })
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('codes.editDialog.title')} onClose={onClose} className="dialog--narrow">
      <form className="form" onSubmit={submit} noValidate>
        <EntryNameFields
          issuer={issuer}
          label={label}
          errors={errors}
          onIssuer={(value) => {
            setIssuer(value)
            setErrors((current) => ({ ...current, issuer: undefined, form: undefined }))
          }}
          onLabel={(value) => {
            setLabel(value)
            setErrors((current) => ({ ...current, label: undefined, form: undefined }))
          }}
        />
        {errors.form || errors.id ? (
          <p className="form-error" role="alert">
            {errors.form ?? errors.id}
          </p>
        ) : null}
        <FormActions
          submit={t('common.save')}
          busyText={t('codes.editDialog.saving')}
          busy={busy}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  )
}
