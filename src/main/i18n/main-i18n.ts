import { setupI18n, type I18n } from '@lingui/core'
import { fallbackUiLanguage, type UiLanguage } from '../../shared/i18n/languages'
import { loadNamespaces } from '../../shared/i18n/load-messages'
import type { MessageId, MessageValues, Namespace } from '../../shared/i18n/namespaces'

/**
 * The main process's own voice: what it shows users itself (the tray's menu and tooltip,
 * notifications, the quick-search shortcut problem) in the UI language, from the same
 * catalogue as the windows. Errors thrown by services are not translated here: they travel
 * to the window as AppError codes, and the window says them in its language.
 */

/** Translates a message id with its {arguments}; typed so an unknown id fails tsc. */
export type Translate = (id: MessageId, values?: MessageValues) => string

/**
 * What a pure module needs to say something in one language: the messages, and dates as
 * that language writes them (Intl; `timeZone` pins the zone in tests).
 */
export type MainLocale = {
  language: UiLanguage
  t: Translate
  formatDate: (iso: string, timeZone?: string) => string
}

/** The catalogue parts main speaks from: its own, nothing the windows load. */
export const mainNamespaces: readonly Namespace[] = ['tray']

export class MainI18n {
  private readonly i18n: I18n
  private readonly loaded = new Set<UiLanguage>()
  /** Bumped by every switch, so of two quick switches the later one wins. */
  private switches = 0

  constructor(private readonly log: (message: string) => void = console.info) {
    this.i18n = setupI18n({
      missing: (language, id) => {
        this.log(`i18n: no "${id}" in the ${language} catalogue`)
        return id
      },
    })
  }

  /** The active language; English until the first `use`. */
  get language(): UiLanguage {
    return (this.i18n.locale || fallbackUiLanguage) as UiLanguage
  }

  /**
   * Speaks `language` from now on, once its messages are loaded (each language loaded once).
   * Resolves true when it is active, false when a later switch overtook this one.
   */
  async use(language: UiLanguage): Promise<boolean> {
    const switchNumber = ++this.switches
    if (!this.loaded.has(language)) {
      await loadNamespaces(this.i18n, language, mainNamespaces)
      this.loaded.add(language)
    }
    if (switchNumber !== this.switches) return false
    this.i18n.activate(language)
    return true
  }

  readonly t: Translate = (id, values) => this.i18n._(id, values)

  /** The active language as a pure module takes it (read again after every switch). */
  locale(): MainLocale {
    const language = this.language
    return {
      language,
      t: this.t,
      formatDate: (iso, timeZone) => formatDate(language, iso, timeZone),
    }
  }
}

/**
 * A date as the language writes it in a menu or a notification: "12 Dec 2026",
 * "12. Dez. 2026". English takes en-US's month abbreviations (en-GB now writes "Sept") in
 * day-month-year order; the day and year are in `timeZone` (the computer's own by default).
 */
export function formatDate(language: UiLanguage, iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(timeZone === undefined ? {} : { timeZone }),
  }
  const date = new Date(iso)
  if (language !== 'en') return new Intl.DateTimeFormat(language, options).format(date)
  const parts = new Intl.DateTimeFormat('en-US', options).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? ''
  return `${part('day')} ${part('month')} ${part('year')}`
}
