import { useState, type FormEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { entryEditSchema } from '../../../shared/entry'
import { useApi } from '../api-context'
import { errorField, errorMessage } from '../lib/errors'
import type { FieldErrors } from '../lib/entry-form'
import { Dialog } from './Dialog'
import { Field } from './Field'

type EditDialogProps = {
  entry: EntrySummary
  onClose: () => void
  onSaved: (entry: EntrySummary) => void
}

/** Renames an account; its secret and code settings stay as they were. */
export function EditDialog({ entry, onClose, onSaved }: EditDialogProps) {
  const api = useApi()
  const [issuer, setIssuer] = useState(entry.issuer)
  const [label, setLabel] = useState(entry.label)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const edit = { id: entry.id, issuer, label }
    const checked = entryEditSchema.safeParse(edit)
    if (!checked.success) {
      const found: FieldErrors = {}
      for (const issue of checked.error.issues)
        found[String(issue.path[0] ?? 'form')] ??= issue.message
      setErrors(found)
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
    <Dialog title="Edit account" onClose={onClose} className="dialog--narrow">
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Issuer" error={errors.issuer} hint="The service, e.g. GitHub">
          {(control) => (
            <input
              {...control}
              className="input"
              value={issuer}
              onChange={(event) => {
                setIssuer(event.target.value)
                setErrors((current) => ({ ...current, issuer: undefined, form: undefined }))
              }}
              autoComplete="off"
              maxLength={200}
              autoFocus
            />
          )}
        </Field>
        <Field label="Label" error={errors.label} hint="Your user name or email there">
          {(control) => (
            <input
              {...control}
              className="input"
              value={label}
              onChange={(event) => {
                setLabel(event.target.value)
                setErrors((current) => ({ ...current, label: undefined, form: undefined }))
              }}
              autoComplete="off"
              maxLength={200}
            />
          )}
        </Field>
        {errors.form || errors.id ? (
          <p className="form-error" role="alert">
            {errors.form ?? errors.id}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
