import { MainI18n, type MainLocale } from '../../src/main/i18n/main-i18n'
import type { UiLanguage } from '../../src/shared/i18n/languages'

/**
 * Main's messages in one language from the real catalogue (virtual:message-catalog, as the
 * built main loads it). A message id missing from the catalogue throws, so no test passes
 * on a raw id.
 */
export async function localeIn(language: UiLanguage): Promise<MainLocale> {
  const i18n = new MainI18n((message) => {
    throw new Error(message)
  })
  await i18n.use(language)
  return i18n.locale()
}
