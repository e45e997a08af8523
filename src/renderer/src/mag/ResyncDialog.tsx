import { useState, type FormEvent } from 'react'
import type { MagCredential } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
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
  const { t } = useT()
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
      first ? undefined : t('magPurchase.resync.codeMissing'),
      second ? undefined : t('magPurchase.resync.nextCodeMissing'),
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
    <Dialog
      title={t('magPurchase.resync.title', { type: credential.type })}
      onClose={onClose}
      className="dialog--narrow"
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted">{t('magPurchase.resync.explained')}</p>
        <div className="form__row">
          {[0, 1].map((index) => (
            <Field
              key={index}
              label={index === 0 ? t('magPurchase.resync.code') : t('magPurchase.resync.nextCode')}
              error={errors[index]}
            >
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
        <FormActions
          submit={t('magPurchase.resync.submit')}
          busyText={t('magPurchase.resync.busy')}
          busy={busy}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  )
}
