import type { MagAuthApi } from '../../../shared/channels'
import {
  fallbackUiLanguage,
  resolveUiLanguage,
  type UiLanguage,
} from '../../../shared/i18n/languages'
import type { Namespace } from '../../../shared/i18n/namespaces'
import { activateLanguage } from './i18n'

/**
 * Before a window's first render: the UI language main chose (the setting resolved against
 * the OS's languages), and these parts of the catalogue loaded in it. Asked at once with
 * the window's other start-up calls. If main cannot answer, the browser's own languages
 * decide, so a window always starts in some language rather than not at all.
 */
export async function startLanguage(api: MagAuthApi, parts: readonly Namespace[]): Promise<void> {
  let language: UiLanguage
  try {
    language = (await api.getDesktopSettings()).uiLanguage
  } catch {
    language = resolveUiLanguage('system', navigator.languages)
  }
  try {
    await activateLanguage(language, parts)
  } catch (error) {
    console.error('i18n: the catalogue did not load', error)
    if (language !== fallbackUiLanguage) await activateLanguage(fallbackUiLanguage)
  }
}
