import type { I18n } from '@lingui/core'
import { loadMessages } from 'virtual:message-catalog'
import type { UiLanguage } from './languages'
import type { Namespace } from './namespaces'

/**
 * Loads these parts of the catalogue for a language into an i18n instance (main's or the
 * renderer's). Lingui merges what it is given into what the language already has.
 */
export async function loadNamespaces(
  i18n: I18n,
  language: UiLanguage,
  parts: readonly Namespace[],
): Promise<void> {
  const loaded = await Promise.all(parts.map((part) => loadMessages(language, part)))
  i18n.load(language, Object.assign({}, ...loaded))
}
