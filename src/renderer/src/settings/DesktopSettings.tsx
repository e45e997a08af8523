import { useEffect, useState, type FormEvent } from 'react'
import type { DesktopSettings as Settings } from '../../../shared/desktop-settings'
import { useApi } from '../api-context'
import { errorMessage } from '../lib/errors'
import { Field } from '../ui/Field'

/**
 * Settings → Desktop: the quick-search shortcut (with main's problem when the desktop
 * refused it), start at login and start hidden in the tray. Every change goes to main at once
 * and shows what main answers, so the screen never claims a setting that did not take.
 */
export function DesktopSettings() {
  const api = useApi()
  const [settings, setSettings] = useState<Settings>()
  const [shortcut, setShortcut] = useState('')
  const [fieldError, setFieldError] = useState<string>()
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    api.getDesktopSettings().then(
      (loaded) => {
        if (!live) return
        setSettings(loaded)
        setShortcut(loaded.quickSearchShortcut)
      },
      (error: unknown) => live && setProblem(errorMessage(error)),
    )
    return () => {
      live = false
    }
  }, [api])

  const change = async (patch: Parameters<typeof api.setDesktopSettings>[0]) => {
    setBusy(true)
    setProblem(undefined)
    try {
      const next = await api.setDesktopSettings(patch)
      setSettings(next)
      setShortcut(next.quickSearchShortcut)
    } catch (error) {
      if (patch.quickSearchShortcut !== undefined) setFieldError(errorMessage(error))
      else setProblem(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void change({ quickSearchShortcut: shortcut.trim() })
  }

  return (
    <form
      className="card card--flow"
      aria-labelledby="desktop-settings-title"
      onSubmit={onSubmit}
      noValidate
    >
      <h2 id="desktop-settings-title" className="card__title">
        Desktop
      </h2>
      <Field
        label="Quick search shortcut"
        error={fieldError}
        hint="Opens a small search window from anywhere: type, choose with ↑/↓, Enter copies the code."
      >
        {(control) => (
          <input
            {...control}
            className="input"
            spellCheck={false}
            value={shortcut}
            disabled={settings === undefined}
            onChange={(event) => {
              setShortcut(event.target.value)
              setFieldError(undefined)
            }}
          />
        )}
      </Field>
      {settings?.quickSearchProblem ? (
        <p className="field__error" role="alert">
          {settings.quickSearchProblem}
        </p>
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings?.startAtLogin ?? false}
          disabled={busy || !settings?.startAtLoginSupported}
          onChange={(event) => void change({ startAtLogin: event.target.checked })}
        />{' '}
        Start at login
        {settings && !settings.startAtLoginSupported ? (
          <span className="facts__note">
            {' '}
            (not available on this desktop: add the app to your session&apos;s autostart)
          </span>
        ) : null}
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings?.startHidden ?? false}
          disabled={busy || settings === undefined}
          onChange={(event) => void change({ startHidden: event.target.checked })}
        />{' '}
        Start hidden in the tray
      </label>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="card__actions card__actions--end">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || settings === undefined}
        >
          {busy ? 'Saving…' : 'Save shortcut'}
        </button>
      </div>
    </form>
  )
}
