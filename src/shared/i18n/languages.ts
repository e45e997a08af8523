/**
 * The languages the app speaks. One list for the settings file, the window's picker, the
 * tray (main) and the renderer: adding a language means its catalogue files under
 * locales/<code>/ and its code here, nothing else.
 */
export const uiLanguages = ['en', 'de'] as const
export type UiLanguage = (typeof uiLanguages)[number]

/** What Settings offers: follow the system, or one language. */
export const languageSettings = ['system', ...uiLanguages] as const
export type LanguageSetting = (typeof languageSettings)[number]

/** The language a new install and a language we do not speak fall back to. */
export const fallbackUiLanguage: UiLanguage = 'en'

/** Each language's own name, as its speakers write it (the picker shows these untranslated). */
export const uiLanguageNames: Readonly<Record<UiLanguage, string>> = {
  en: 'English',
  de: 'Deutsch',
}

function isUiLanguage(value: string): value is UiLanguage {
  return (uiLanguages as readonly string[]).includes(value)
}

/**
 * The language the UI uses: the user's choice, or with 'system' the first of the OS's
 * preferred languages (BCP 47 tags, most preferred first: "de-AT", "en-GB") that we speak,
 * matched on the primary subtag; English when none is.
 */
export function resolveUiLanguage(
  setting: LanguageSetting,
  preferred: readonly string[],
): UiLanguage {
  if (setting !== 'system') return setting
  for (const tag of preferred) {
    const primary = tag.split(/[-_]/)[0]?.toLowerCase() ?? ''
    if (isUiLanguage(primary)) return primary
  }
  return fallbackUiLanguage
}
