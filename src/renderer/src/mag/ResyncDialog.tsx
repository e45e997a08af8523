import { useState, type FormEvent } from 'react'
import type { MagCredential } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { Dialog } from '../ui/Dialog'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import { parseOtpCode } from './lib/card-form'
import { useMagStore } from './useMagStore'
import { shownError } from './shown-error'

/** Unlocks a credential the app does not hold: two consecutive codes from it. */
export function ResyncDialog({
  credential,
  onClose,
  onDone,
}: {
  credential: MagCredential
  onClose: () => void
  onDone: () => void
}) {
  const api = useApi()
  const { store } = useMagStore()
  const [codes, setCodes] = useState(['', ''])
  const [errors, setErrors] = useState<[string | undefined, string | undefined]>([
    undefined,
    undefined,
  ])
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const first = parseOtpCode(codes[0] ?? '')
    const second = parseOtpCode(codes[1] ?? '')
    setErrors([
      first ? undefined : 'Enter the 6 digits it shows now',
      second ? undefined : 'Wait for the next code and enter it',
    ])
    if (!first || !second) return
    setBusy(true)
    setError(undefined)
    try {
      await api.magResync({ credentialId: credential.id, codes: [first, second] })
      await store.load()
      onDone()
    } catch (caught) {
      setError(shownError(caught).message)
      store.noteError(caught)
      setBusy(false)
    }
  }

  return (
    <Dialog title={`Resync your ${credential.type}`} onClose={onClose} className="dialog--narrow">
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted">
          It was locked after too many wrong codes. Enter two consecutive codes to unlock it.
        </p>
        <div className="form__row">
          {[0, 1].map((index) => (
            <Field key={index} label={index === 0 ? 'Code' : 'Next code'} error={errors[index]}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  autoFocus={index === 0}
                  value={codes[index]}
                  onChange={(event) =>
                    setCodes((current) =>
                      current.map((c, i) => (i === index ? event.target.value : c)),
                    )
                  }
                />
              )}
            </Field>
          ))}
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <FormActions submit="Resync" busyText="Resyncing…" busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  )
}
