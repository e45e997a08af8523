import { setupI18n } from '@lingui/core'
import { loadMessages } from 'virtual:message-catalog'
import type { Translate } from '../../src/renderer/src/i18n/useT'
import type { UiLanguage } from '../../src/shared/i18n/languages'

/** `t` over the real, compiled Codes catalogue in one language (what useT() gives a component). */
export async function codesTranslator(language: UiLanguage): Promise<Translate> {
  const i18n = setupI18n({
    missing: (_, id) => {
      throw new Error(`no "${id}" in the ${language} catalogue`)
    },
  })
  i18n.load(language, {
    ...(await loadMessages(language, 'common')),
    ...(await loadMessages(language, 'codes')),
  })
  i18n.activate(language)
  return (id, values) => i18n._(id, values)
}
