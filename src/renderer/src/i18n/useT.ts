import { useLingui } from '@lingui/react'
import { useMemo } from 'react'
import type { UiLanguage } from '../../../shared/i18n/languages'
import type { MessageId, MessageValues } from '../../../shared/i18n/namespaces'

/** Translates a message id, with its {arguments}; typed so an unknown id fails tsc. */
export type Translate = (id: MessageId, values?: MessageValues) => string

export type Localized = {
  t: Translate
  /** The UI language, for Intl and for `lang` attributes. */
  language: UiLanguage
  /** A date as that language writes it (Intl.DateTimeFormat; default: medium date). */
  formatDate: (value: Date | string | number, options?: Intl.DateTimeFormatOptions) => string
  /** A number as that language writes it (Intl.NumberFormat). */
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string
}

const mediumDate: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }

/**
 * The UI's messages and formats in the active language. Components re-render when the
 * language changes (Lingui's context changes its `_`).
 */
export function useT(): Localized {
  const { i18n, _ } = useLingui()
  const language = i18n.locale as UiLanguage
  return useMemo(
    () => ({
      t: (id, values) => _(id, values),
      language,
      formatDate: (value, options = mediumDate) =>
        i18n.date(typeof value === 'object' ? value : new Date(value), options),
      formatNumber: (value, options) => i18n.number(value, options),
    }),
    [_, i18n, language],
  )
}
