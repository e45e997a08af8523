import { useT } from '../i18n/useT'

type FormActionsProps = {
  /** What the submit button says, and what it says while the call is under way. */
  submit: string
  busyText: string
  busy: boolean
  onCancel: () => void
}

/**
 * Cancel and submit at the foot of a dialog's form. Submit is disabled while the call runs,
 * so a double click cannot add or save twice; Cancel always works.
 */
export function FormActions({ submit, busyText, busy, onCancel }: FormActionsProps) {
  const { t } = useT()
  return (
    <div className="dialog__actions">
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? busyText : submit}
      </button>
    </div>
  )
}
