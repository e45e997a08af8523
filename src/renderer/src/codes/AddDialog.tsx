import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { useApi } from '../api-context'
import {
  checkManualEntryForm,
  emptyManualEntryForm,
  type FieldErrors,
  type ManualEntryForm,
} from '../lib/entry-form'
import { errorField, errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'
import { EntryNameFields } from './EntryNameFields'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import { EyeIcon, EyeOffIcon } from '../ui/icons'

type Tab = 'link' | 'manual'

type AddDialogProps = {
  onClose: () => void
  onAdded: (entry: EntrySummary) => void
}

const MANUAL_FIELDS = new Set(Object.keys(emptyManualEntryForm))

/** Splits an error from main into "next to this field" or "for the whole form". */
function placeError(caught: unknown, knownFields: ReadonlySet<string>): FieldErrors {
  const field = errorField(caught)
  return { [field && knownFields.has(field) ? field : 'form']: errorMessage(caught) }
}

/** Adds an account from an otpauth:// link or from details typed by hand. */
export function AddDialog({ onClose, onAdded }: AddDialogProps) {
  const [tab, setTab] = useState<Tab>('link')
  const baseId = useId()
  const linkTab = useRef<HTMLButtonElement>(null)
  const manualTab = useRef<HTMLButtonElement>(null)

  const onTabKey = (event: KeyboardEvent) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return
    event.preventDefault()
    const next: Tab =
      event.key === 'Home'
        ? 'link'
        : event.key === 'End'
          ? 'manual'
          : tab === 'link'
            ? 'manual'
            : 'link'
    setTab(next)
    ;(next === 'link' ? linkTab : manualTab).current?.focus()
  }

  const tabProps = (id: Tab, ref: React.RefObject<HTMLButtonElement | null>) => ({
    ref,
    id: `${baseId}-${id}-tab`,
    role: 'tab',
    type: 'button' as const,
    className: 'tabs__tab',
    'aria-selected': tab === id,
    'aria-controls': `${baseId}-${id}-panel`,
    tabIndex: tab === id ? 0 : -1,
    onClick: () => setTab(id),
    onKeyDown: onTabKey,
  })

  return (
    <Dialog title="Add account" onClose={onClose} className="dialog--add">
      <div className="tabs" role="tablist" aria-label="How to add">
        <button {...tabProps('link', linkTab)}>Paste link</button>
        <button {...tabProps('manual', manualTab)}>Enter by hand</button>
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-${tab}-panel`}
        aria-labelledby={`${baseId}-${tab}-tab`}
        className="tabs__panel"
      >
        {tab === 'link' ? (
          <LinkForm onClose={onClose} onAdded={onAdded} />
        ) : (
          <ManualForm onClose={onClose} onAdded={onAdded} />
        )}
      </div>
    </Dialog>
  )
}

function LinkForm({ onClose, onAdded }: AddDialogProps) {
  const api = useApi()
  const [uri, setUri] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!uri.trim()) {
      setErrors({ uri: 'Paste an otpauth:// link first' })
      return
    }
    setBusy(true)
    setErrors({})
    try {
      const entry = await api.addEntryFromUri({ uri: uri.trim() })
      setUri('')
      onAdded(entry)
    } catch (caught) {
      // Whatever part of the link was wrong, the link box is where the user fixes it.
      const placed = placeError(caught, new Set(['uri']))
      setErrors(placed.uri ? placed : { uri: placed.form })
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field
        label="otpauth:// link"
        error={errors.uri}
        hint="On the site's two-step sign-in page, choose “Can’t scan it?” or “Enter key manually” and copy the link."
      >
        {(control) => (
          <textarea
            {...control}
            className="input input--mono"
            rows={4}
            value={uri}
            onChange={(event) => {
              setUri(event.target.value)
              setErrors({})
            }}
            placeholder="otpauth://totp/GitHub:alice@example.com?secret=…&issuer=GitHub"
            spellCheck={false}
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      <FormActions submit="Add account" busyText="Adding…" busy={busy} onCancel={onClose} />
    </form>
  )
}

function ManualForm({ onClose, onAdded }: AddDialogProps) {
  const api = useApi()
  const [form, setForm] = useState<ManualEntryForm>(emptyManualEntryForm)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [showSecret, setShowSecret] = useState(false)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  const set =
    <K extends keyof ManualEntryForm>(key: K) =>
    (value: ManualEntryForm[K]) => {
      setForm((current) => ({ ...current, [key]: value }))
      // An error stays only as long as the value it was about.
      setErrors((current) =>
        current[key] || current.form ? { ...current, [key]: undefined, form: undefined } : current,
      )
    }

  // Focus moves once React has rendered the messages, so the error is read out with its field.
  const [errorSerial, setErrorSerial] = useState(0)
  const focusFirstError = () => setErrorSerial((serial) => serial + 1)
  useEffect(() => {
    if (errorSerial > 0)
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [errorSerial])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const checked = checkManualEntryForm(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      focusFirstError()
      return
    }
    setBusy(true)
    setErrors({})
    try {
      const entry = await api.addEntry(checked.input)
      // The secret leaves the renderer's memory as soon as main has it.
      setForm(emptyManualEntryForm)
      onAdded(entry)
    } catch (caught) {
      setErrors(placeError(caught, MANUAL_FIELDS))
      setBusy(false)
      focusFirstError()
    }
  }

  const hotp = form.type === 'hotp'
  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <div className="form__row">
        <EntryNameFields
          issuer={form.issuer}
          label={form.label}
          errors={errors}
          onIssuer={set('issuer')}
          onLabel={set('label')}
        />
      </div>
      <Field
        label="Secret key"
        error={errors.secret}
        hint="Letters A–Z and digits 2–7; spaces are fine."
      >
        {(control) => (
          <div className="input-with-button">
            <input
              {...control}
              className="input input--mono"
              type={showSecret ? 'text' : 'password'}
              value={form.secret}
              onChange={(event) => set('secret')(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              maxLength={1024}
            />
            <button
              type="button"
              className="icon-button"
              aria-pressed={showSecret}
              aria-label={showSecret ? 'Hide secret key' : 'Show secret key'}
              title={showSecret ? 'Hide' : 'Show'}
              onClick={() => setShowSecret((shown) => !shown)}
            >
              {showSecret ? <EyeOffIcon /> : <EyeIcon />}
            </button>
          </div>
        )}
      </Field>
      <fieldset className="segmented">
        <legend className="field__label">Type</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name="otp-type"
            value="totp"
            checked={!hotp}
            onChange={() => set('type')('totp')}
          />
          <span>Time-based (TOTP)</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name="otp-type"
            value="hotp"
            checked={hotp}
            onChange={() => set('type')('hotp')}
          />
          <span>Counter-based (HOTP)</span>
        </label>
      </fieldset>
      <div className="form__row form__row--three">
        <Field label="Algorithm" error={errors.algorithm}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={form.algorithm}
              onChange={(event) =>
                set('algorithm')(event.target.value as ManualEntryForm['algorithm'])
              }
            >
              <option value="SHA1">SHA-1</option>
              <option value="SHA256">SHA-256</option>
              <option value="SHA512">SHA-512</option>
            </select>
          )}
        </Field>
        <Field label="Digits" error={errors.digits}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={form.digits}
              onChange={(event) => set('digits')(event.target.value)}
            >
              <option value="6">6</option>
              <option value="7">7</option>
              <option value="8">8</option>
            </select>
          )}
        </Field>
        {hotp ? (
          <NumberField
            label="Counter"
            error={errors.counter}
            value={form.counter}
            onChange={set('counter')}
          />
        ) : (
          <NumberField
            label="Period (seconds)"
            error={errors.period}
            value={form.period}
            onChange={set('period')}
          />
        )}
      </div>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <FormActions submit="Add account" busyText="Adding…" busy={busy} onCancel={onClose} />
    </form>
  )
}

/** A whole number typed as text; the form checks it on submit and points here if it is not. */
function NumberField(props: {
  label: string
  error: string | undefined
  value: string
  onChange: (value: string) => void
}) {
  return (
    <Field label={props.label} error={props.error}>
      {(control) => (
        <input
          {...control}
          className="input"
          inputMode="numeric"
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  )
}
