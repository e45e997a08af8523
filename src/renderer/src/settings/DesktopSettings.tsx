import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { DesktopSettings as Settings } from '../../../shared/desktop-settings'
import {
  languageSettings,
  resolveUiLanguage,
  uiLanguageNames,
  type LanguageSetting,
  type UiLanguage,
} from '../../../shared/i18n/languages'
import { useApi } from '../api-context'
import { activateLanguage } from '../i18n/i18n'
import { useT } from '../i18n/useT'
import { errorMessage } from '../lib/errors'
import { Field } from '../ui/Field'
import { ShortcutRecorder } from './ShortcutRecorder'
import './desktop-settings.css'

function isLanguageSetting(value: string): value is LanguageSetting {
  return (languageSettings as readonly string[]).includes(value)
}

/**
 * Settings → Desktop: the language, the quick-search shortcut (typed or recorded, with main's
 * problem when the desktop refused it), start at login and start hidden in the tray. Every
 * change goes to main at once and shows what main answers, so the screen never claims a
 * setting that did not take; a language main saved is switched to at once, in every part of
 * the window, without a reload.
 */
export function DesktopSettings() {
  const api = useApi()
  const { t } = useT()
  /**
   * What "System default" means here: main's answer while the setting is 'system' (it asks
   * the OS), before that the browser's languages (Chromium takes them from the OS too).
   */
  const systemLanguage = useRef<UiLanguage>(resolveUiLanguage('system', navigator.languages))
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
        if (loaded.language === 'system') systemLanguage.current = loaded.uiLanguage
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
      if (next.language === 'system') systemLanguage.current = next.uiLanguage
      // Switched before the answer is shown, so the screen changes language in one go.
      if (patch.language !== undefined) await activateLanguage(next.uiLanguage)
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
        {t('settings.desktop.title')}
      </h2>
      <Field
        label={t('settings.desktop.language')}
        error={undefined}
        hint={t('settings.desktop.languageHint')}
      >
        {(control) => (
          <select
            {...control}
            className="input"
            value={settings?.language ?? 'system'}
            // Never disabled while saving: a disabled control drops the keyboard focus.
            disabled={settings === undefined}
            onChange={(event) => {
              const language = event.target.value
              if (isLanguageSetting(language)) void change({ language })
            }}
          >
            <option value="system">
              {t('settings.desktop.languageSystem', {
                language: uiLanguageNames[systemLanguage.current],
              })}
            </option>
            {/* Each language in its own words (and marked so, for screen readers' voices). */}
            {(Object.keys(uiLanguageNames) as UiLanguage[]).map((code) => (
              <option key={code} value={code} lang={code}>
                {uiLanguageNames[code]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t('settings.desktop.shortcut')}
        error={fieldError}
        hint={t('settings.desktop.shortcutHint')}
      >
        {(control) => (
          <div className="input-with-button">
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
            <ShortcutRecorder
              disabled={settings === undefined}
              onRefused={setFieldError}
              onRecorded={(accelerator) => {
                setShortcut(accelerator)
                void change({ quickSearchShortcut: accelerator })
              }}
            />
          </div>
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
        {t('settings.desktop.startAtLogin')}
        {settings && !settings.startAtLoginSupported ? (
          <span className="facts__note"> {t('settings.desktop.startAtLoginUnsupported')}</span>
        ) : null}
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings?.startHidden ?? false}
          disabled={busy || settings === undefined}
          onChange={(event) => void change({ startHidden: event.target.checked })}
        />{' '}
        {t('settings.desktop.startHidden')}
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
          {busy ? t('settings.desktop.saving') : t('settings.desktop.saveShortcut')}
        </button>
      </div>
    </form>
  )
}
