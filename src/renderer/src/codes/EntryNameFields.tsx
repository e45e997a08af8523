import type { FieldErrors } from '../lib/entry-form'
import { Field } from '../ui/Field'
import { useT } from '../i18n/useT'

type EntryNameFieldsProps = {
  issuer: string
  label: string
  errors: FieldErrors
  onIssuer: (value: string) => void
  onLabel: (value: string) => void
}

/**
 * Issuer and label, as both the Add and the Edit dialog ask for them: same wording, hints
 * and limits, so renaming an account looks exactly like naming it. Issuer gets focus first.
 */
export function EntryNameFields({
  issuer,
  label,
  errors,
  onIssuer,
  onLabel,
}: EntryNameFieldsProps) {
  const { t } = useT()
  return (
    <>
      <Field
        label={t('codes.fields.issuer')}
        error={errors.issuer}
        hint={t('codes.fields.issuerHint')}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            value={issuer}
            onChange={(event) => onIssuer(event.target.value)}
            autoComplete="off"
            maxLength={200}
            autoFocus
          />
        )}
      </Field>
      <Field
        label={t('codes.fields.label')}
        error={errors.label}
        hint={t('codes.fields.labelHint')}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            value={label}
            onChange={(event) => onLabel(event.target.value)}
            autoComplete="off"
            maxLength={200}
          />
        )}
      </Field>
    </>
  )
}
