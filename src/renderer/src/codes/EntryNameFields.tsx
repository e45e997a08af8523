import type { FieldErrors } from '../lib/entry-form'
import { Field } from '../ui/Field'

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
  return (
    <>
      <Field label="Issuer" error={errors.issuer} hint="The service, e.g. GitHub">
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
      <Field label="Label" error={errors.label} hint="Your user name or email there">
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
