import { useEffect, useState, type FormEvent } from 'react'
import { lockAfterIdleMinutesSchema } from '../../../shared/desktop-settings'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { errorField } from '../lib/errors'
import { Field } from '../ui/Field'
import { lockErrorMessage } from './lock-errors'
import { useLockControls } from './LockGate'
import {
  MIN_VAULT_PASSWORD_LENGTH,
  newPasswordProblems,
  type FieldProblem,
  type NewPasswordProblems,
} from './password-form'

type Say = (sentence: string) => void

/**
 * Settings → Vault password: set one (after the plain warning that a forgotten password
 * cannot be recovered), change it, remove it, and the idle minutes before the app locks.
 * Every change shows main's answer; a refused one names the field at fault and keeps
 * everything typed, so nothing has to be typed again but the wrong part.
 */
export function PasswordSettings() {
  const api = useApi()
  const { t } = useT()
  const { hasPassword } = useLockControls()
  const [said, setSaid] = useState('')

  // The lock state as main has it now (LockGate's copy follows every lock channel's answer).
  useEffect(() => {
    api.getLockState().catch(() => undefined)
  }, [api])

  return (
    <section className="card card--flow lock-settings" aria-labelledby="vault-password-title">
      <h2 id="vault-password-title" className="card__title">
        {t('lock.settings.title')}
      </h2>
      <p className="muted">
        {hasPassword ? t('lock.settings.explanationOn') : t('lock.settings.explanationOff')}
      </p>
      {hasPassword ? (
        <>
          <ChangePasswordForm say={setSaid} />
          <RemovePasswordForm say={setSaid} />
        </>
      ) : (
        <SetPasswordForm say={setSaid} />
      )}
      <IdleMinutesForm say={setSaid} />
      <p className="lock-settings__said" role="status">
        {said}
      </p>
    </section>
  )
}

type PasswordFieldProps = {
  label: string
  value: string
  onChange: (value: string) => void
  problem: FieldProblem | string | undefined
  autoComplete: 'current-password' | 'new-password'
  hint?: string
}

function PasswordField({
  label,
  value,
  onChange,
  problem,
  autoComplete,
  hint,
}: PasswordFieldProps) {
  const { t } = useT()
  const error =
    problem === undefined
      ? undefined
      : typeof problem === 'string'
        ? problem
        : t(problem.id, problem.values)
  return (
    <Field label={label} error={error} {...(hint === undefined ? {} : { hint })}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="password"
          autoComplete={autoComplete}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  )
}

/** Per field: the form's own finding (translated on render) or main's sentence. */
type Problems = Partial<Record<keyof NewPasswordProblems, FieldProblem | string>> & {
  form?: string
}

/** Main's refusal, put under the field it names (the vault names currentPassword/newPassword). */
function refusal(caught: unknown, t: ReturnType<typeof useT>['t']): Problems {
  const message = lockErrorMessage(caught, t)
  const field = errorField(caught)
  if (field === 'currentPassword') return { currentPassword: message }
  if (field === 'newPassword') return { newPassword: message }
  return { form: message }
}

function FormProblem({ problems }: { problems: Problems }) {
  return problems.form ? (
    <p className="form-error" role="alert">
      {problems.form}
    </p>
  ) : null
}

function hasProblems(problems: NewPasswordProblems): boolean {
  return Object.keys(problems).length > 0
}

function SetPasswordForm({ say }: { say: Say }) {
  const api = useApi()
  const { t } = useT()
  const [newPassword, setNewPassword] = useState('')
  const [repeat, setRepeat] = useState('')
  const [problems, setProblems] = useState<Problems>({})
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    say('')
    const found = newPasswordProblems({ newPassword, repeat })
    setProblems(found)
    if (hasProblems(found)) return
    setBusy(true)
    try {
      await api.setVaultPassword({ newPassword })
      // This form goes away (the change and remove forms replace it); the fields with it.
      say(t('lock.settings.setDone'))
    } catch (caught) {
      setProblems(refusal(caught, t))
      setBusy(false)
    }
  }

  return (
    <form
      className="lock-settings__form"
      aria-labelledby="set-password-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h3 id="set-password-title" className="lock-settings__subtitle">
        {t('lock.settings.setTitle')}
      </h3>
      {/* Said before anything is set, as plainly as it is: there is no way back. */}
      <div className="lock-settings__warning" id="password-warning">
        <p className="lock-settings__warning-title">{t('lock.settings.warningTitle')}</p>
        <p>{t('lock.settings.warningText')}</p>
      </div>
      <PasswordField
        label={t('lock.password.newLabel')}
        value={newPassword}
        onChange={setNewPassword}
        problem={problems.newPassword}
        autoComplete="new-password"
        hint={t('lock.password.hint', { min: MIN_VAULT_PASSWORD_LENGTH })}
      />
      <PasswordField
        label={t('lock.password.repeatLabel')}
        value={repeat}
        onChange={setRepeat}
        problem={problems.repeat}
        autoComplete="new-password"
      />
      <FormProblem problems={problems} />
      <div className="card__actions card__actions--end">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('lock.settings.setting') : t('lock.settings.setAction')}
        </button>
      </div>
    </form>
  )
}

function ChangePasswordForm({ say }: { say: Say }) {
  const api = useApi()
  const { t } = useT()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [repeat, setRepeat] = useState('')
  const [problems, setProblems] = useState<Problems>({})
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    say('')
    const found = newPasswordProblems({ currentPassword, newPassword, repeat })
    setProblems(found)
    if (hasProblems(found)) return
    setBusy(true)
    try {
      await api.setVaultPassword({ currentPassword, newPassword })
      setCurrentPassword('')
      setNewPassword('')
      setRepeat('')
      say(t('lock.settings.changeDone'))
    } catch (caught) {
      setProblems(refusal(caught, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="lock-settings__form"
      aria-labelledby="change-password-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h3 id="change-password-title" className="lock-settings__subtitle">
        {t('lock.settings.changeTitle')}
      </h3>
      <PasswordField
        label={t('lock.password.currentLabel')}
        value={currentPassword}
        onChange={setCurrentPassword}
        problem={problems.currentPassword}
        autoComplete="current-password"
      />
      <PasswordField
        label={t('lock.password.newLabel')}
        value={newPassword}
        onChange={setNewPassword}
        problem={problems.newPassword}
        autoComplete="new-password"
        hint={t('lock.password.hint', { min: MIN_VAULT_PASSWORD_LENGTH })}
      />
      <PasswordField
        label={t('lock.password.repeatLabel')}
        value={repeat}
        onChange={setRepeat}
        problem={problems.repeat}
        autoComplete="new-password"
      />
      <FormProblem problems={problems} />
      <div className="card__actions card__actions--end">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('lock.settings.changing') : t('lock.settings.changeAction')}
        </button>
      </div>
    </form>
  )
}

function RemovePasswordForm({ say }: { say: Say }) {
  const api = useApi()
  const { t } = useT()
  const [currentPassword, setCurrentPassword] = useState('')
  const [problems, setProblems] = useState<Problems>({})
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    say('')
    if (currentPassword === '') {
      setProblems({ currentPassword: { id: 'lock.password.currentMissing' } })
      return
    }
    setProblems({})
    setBusy(true)
    try {
      await api.removeVaultPassword({ currentPassword })
      say(t('lock.settings.removeDone'))
    } catch (caught) {
      setProblems(refusal(caught, t))
      setBusy(false)
    }
  }

  return (
    <form
      className="lock-settings__form"
      aria-labelledby="remove-password-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h3 id="remove-password-title" className="lock-settings__subtitle">
        {t('lock.settings.removeTitle')}
      </h3>
      <p className="muted">{t('lock.settings.removeExplanation')}</p>
      <PasswordField
        label={t('lock.password.currentLabel')}
        value={currentPassword}
        onChange={setCurrentPassword}
        problem={problems.currentPassword}
        autoComplete="current-password"
      />
      <FormProblem problems={problems} />
      <div className="card__actions card__actions--end">
        <button type="submit" className="button button--danger" disabled={busy}>
          {busy ? t('lock.settings.removing') : t('lock.settings.removeAction')}
        </button>
      </div>
    </form>
  )
}

/** Lock after idle: whole minutes, 0 never; the limits are the setting's own schema's. */
function IdleMinutesForm({ say }: { say: Say }) {
  const api = useApi()
  const { t } = useT()
  const [minutes, setMinutes] = useState('')
  const [loaded, setLoaded] = useState(false)
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    api.getDesktopSettings().then(
      (settings) => {
        if (!live) return
        setMinutes(String(settings.lockAfterIdleMinutes))
        setLoaded(true)
      },
      (caught: unknown) => live && setProblem(lockErrorMessage(caught, t)),
    )
    return () => {
      live = false
    }
  }, [api, t])

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    say('')
    const parsed = lockAfterIdleMinutesSchema.safeParse(
      minutes.trim() === '' ? Number.NaN : Number(minutes),
    )
    if (!parsed.success) {
      setProblem(t('lock.idle.invalid', { max: lockAfterIdleMinutesSchema.maxValue ?? 0 }))
      return
    }
    setProblem(undefined)
    setBusy(true)
    try {
      const saved = await api.setDesktopSettings({ lockAfterIdleMinutes: parsed.data })
      setMinutes(String(saved.lockAfterIdleMinutes))
      say(
        saved.lockAfterIdleMinutes === 0
          ? t('lock.idle.savedNever')
          : t('lock.idle.saved', { count: saved.lockAfterIdleMinutes }),
      )
    } catch (caught) {
      setProblem(lockErrorMessage(caught, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="lock-settings__form lock-settings__idle"
      aria-labelledby="idle-lock-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h3 id="idle-lock-title" className="lock-settings__subtitle">
        {t('lock.idle.title')}
      </h3>
      <Field label={t('lock.idle.label')} error={problem} hint={t('lock.idle.hint')}>
        {(control) => (
          <input
            {...control}
            className="input lock-settings__minutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={lockAfterIdleMinutesSchema.maxValue ?? undefined}
            step={1}
            value={minutes}
            disabled={!loaded}
            onChange={(event) => {
              setMinutes(event.target.value)
              setProblem(undefined)
            }}
          />
        )}
      </Field>
      <div className="card__actions card__actions--end">
        <button type="submit" className="button" disabled={busy || !loaded}>
          {t('lock.idle.save')}
        </button>
      </div>
    </form>
  )
}
