import { useState, type FormEvent } from 'react'
import { useT } from '../i18n/useT'
import { errorCode, errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import { parseOtpCode } from './lib/card-form'

type CodePromptProps = {
  /** What the code is for: "Elevate your session", "Launch Acme Billing". */
  title: string
  /** Which credential's code: the app does not hold it (e.g. a hardware token). */
  credentialName: string
  submit: string
  /** Sends the code; a rejection's message is shown under the field and the dialog stays. */
  onCode: (code: string) => Promise<void>
  onClose: () => void
}

/** Asks for a one-time code from a credential the app does not hold. */
export function CodePrompt({ title, credentialName, submit, onCode, onClose }: CodePromptProps) {
  const { t } = useT()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const code = parseOtpCode(value)
    if (!code) {
      setError(t('magPurchase.codePrompt.codeMissing'))
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await onCode(code)
    } catch (caught) {
      // Main's refusal in the UI language (lib/errors.ts); anything else, our plain answer.
      setError(errorCode(caught) ? errorMessage(caught) : t('magPurchase.codePrompt.notAccepted'))
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} className="dialog--narrow">
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted">{t('magPurchase.codePrompt.explained', { credentialName })}</p>
        <Field label={t('magPurchase.codePrompt.code')} error={error}>
          {(control) => (
            <input
              {...control}
              className="input input--mono input--code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              autoFocus
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          )}
        </Field>
        <FormActions
          submit={submit}
          busyText={t('magPurchase.codePrompt.busy')}
          busy={busy}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  )
}
