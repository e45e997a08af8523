import { setupI18n } from '@lingui/core'
import { fallbackUiLanguage, type UiLanguage } from '../../../shared/i18n/languages'
import { loadNamespaces } from '../../../shared/i18n/load-messages'
import type { MessageId, MessageValues, Namespace } from '../../../shared/i18n/namespaces'

/**
 * The renderer's one i18n instance (Lingui). A message missing from the active language's
 * catalogue shows its id, which a user would report, and says so on the console, which the
 * e2e suite fails on; the catalogue test stops it from getting that far.
 */
export const i18n = setupI18n({
  missing: (language, id) => {
    console.error(`i18n: no "${id}" in the ${language} catalogue`)
    return id
  },
})

/** The parts loaded so far: a language switch loads the same parts in the new language. */
const loadedParts = new Set<Namespace>()
let activeLanguage: UiLanguage = fallbackUiLanguage
/** The languages each part has been loaded in ("de/codes"). */
const loadedInLanguage = new Set<string>()

async function loadMissing(language: UiLanguage, parts: readonly Namespace[]): Promise<void> {
  const missing = parts.filter((part) => !loadedInLanguage.has(`${language}/${part}`))
  if (missing.length === 0) return
  await loadNamespaces(i18n, language, missing)
  for (const part of missing) loadedInLanguage.add(`${language}/${part}`)
}

/**
 * Makes these parts of the catalogue available in the active language (a feature calls it
 * before its first render: the MAG screens, Settings). Resolves once they are loaded.
 */
export async function ensureNamespaces(parts: readonly Namespace[]): Promise<void> {
  for (const part of parts) loadedParts.add(part)
  await loadMissing(activeLanguage, parts)
}

/**
 * Switches the UI to a language: every part loaded so far is loaded in it first, then it is
 * activated (with `alsoParts` added to them: a window's first parts), which re-renders every component under the I18nProvider in one go (no screen
 * half in one language and half in another).
 */
export async function activateLanguage(
  language: UiLanguage,
  alsoParts: readonly Namespace[] = [],
): Promise<void> {
  for (const part of alsoParts) loadedParts.add(part)
  await loadMissing(language, [...loadedParts])
  activeLanguage = language
  i18n.activate(language)
  document.documentElement.lang = language
}

/** The active language (what Intl formats with). */
export function currentLanguage(): UiLanguage {
  return activeLanguage
}

/**
 * A message outside React (a module that builds a sentence for a component). Prefer useT()
 * in components: it re-renders them when the language changes.
 */
export function translate(id: MessageId, values?: MessageValues): string {
  return i18n._(id, values)
}
