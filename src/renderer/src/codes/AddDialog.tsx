import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { useApi } from '../api-context'
import {
  checkManualEntryForm,
  emptyManualEntryForm,
  problemTexts,
  type FieldErrors,
  type ManualEntryForm,
} from '../lib/entry-form'
import { errorField, errorMessage } from '../lib/errors'
import { Dialog } from '../ui/Dialog'
import { EntryNameFields } from './EntryNameFields'
import { Field } from '../ui/Field'
import { FormActions } from '../ui/FormActions'
import { EyeIcon, EyeOffIcon } from '../ui/icons'
import { useT } from '../i18n/useT'

type Tab = 'link' | 'manual'

type AddDialogProps = {
  onClose: () => void
  onAdded: (entry: EntrySummary) => void
}

const MANUAL_FIELDS = new Set(Object.keys(emptyManualEntryForm))

/** The algorithms offered, by the names their standards give them (not translated). */
const ALGORITHMS = [
  ['SHA1', 'SHA-1'],
  ['SHA256', 'SHA-256'],
  ['SHA512', 'SHA-512'],
] as const

/** Splits an error from main into "next to this field" or "for the whole form". */
function placeError(caught: unknown, knownFields: ReadonlySet<string>): FieldErrors {
  const field = errorField(caught)
  return { [field && knownFields.has(field) ? field : 'form']: errorMessage(caught) }
}

/** Adds an account from an otpauth:// link or from details typed by hand. */
export function AddDialog({ onClose, onAdded }: AddDialogProps) {
  const { t } = useT()
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

  const linkTabProps = tabProps('link', linkTab)
  const manualTabProps = tabProps('manual', manualTab)
  return (
    <Dialog title={t('codes.addDialog.title')} onClose={onClose} className="dialog--add">
      <div className="tabs" role="tablist" aria-label={t('codes.addDialog.howToAdd')}>
        <button {...linkTabProps}>{t('codes.addDialog.pasteLinkTab')}</button>
        <button {...manualTabProps}>{t('codes.addDialog.manualTab')}</button>
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
  const { t } = useT()
  const [uri, setUri] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!uri.trim()) {
      setErrors({ uri: t('codes.addDialog.linkMissing') })
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
        label={t('codes.addDialog.linkLabel')}
        error={errors.uri}
        hint={t('codes.addDialog.linkHint')}
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
            placeholder={t('codes.addDialog.linkPlaceholder')}
            spellCheck={false}
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      <FormActions
        submit={t('codes.addDialog.submit')}
        busyText={t('codes.addDialog.adding')}
        busy={busy}
        onCancel={onClose}
      />
    </form>
  )
}

function ManualForm({ onClose, onAdded }: AddDialogProps) {
  const api = useApi()
  const { t } = useT()
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
      setErrors(problemTexts(checked.errors, t))
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
        label={t('codes.addDialog.secretLabel')}
        error={errors.secret}
        hint={t('codes.addDialog.secretHint')}
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
              aria-label={t(
                showSecret ? 'codes.addDialog.hideSecret' : 'codes.addDialog.showSecret',
              )}
              title={t(showSecret ? 'codes.addDialog.hide' : 'codes.addDialog.show')}
              onClick={() => setShowSecret((shown) => !shown)}
            >
              {showSecret ? <EyeOffIcon /> : <EyeIcon />}
            </button>
          </div>
        )}
      </Field>
      <fieldset className="segmented">
        <legend className="field__label">{t('codes.addDialog.type')}</legend>
        <label className="segmented__option">
          <input
            type="radio"
            name="otp-type"
            value="totp"
            checked={!hotp}
            onChange={() => set('type')('totp')}
          />
          <span>{t('codes.type.totp')}</span>
        </label>
        <label className="segmented__option">
          <input
            type="radio"
            name="otp-type"
            value="hotp"
            checked={hotp}
            onChange={() => set('type')('hotp')}
          />
          <span>{t('codes.type.hotp')}</span>
        </label>
      </fieldset>
      <div className="form__row form__row--three">
        <Field label={t('codes.addDialog.algorithm')} error={errors.algorithm}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={form.algorithm}
              onChange={(event) =>
                set('algorithm')(event.target.value as ManualEntryForm['algorithm'])
              }
            >
              {ALGORITHMS.map(([value, name]) => (
                <option key={value} value={value}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('codes.addDialog.digits')} error={errors.digits}>
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
            label={t('codes.addDialog.counter')}
            error={errors.counter}
            value={form.counter}
            onChange={set('counter')}
          />
        ) : (
          <NumberField
            label={t('codes.addDialog.period')}
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
      <FormActions
        submit={t('codes.addDialog.submit')}
        busyText={t('codes.addDialog.adding')}
        busy={busy}
        onCancel={onClose}
      />
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
