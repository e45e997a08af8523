import type { DesktopService } from '../desktop/desktop-service'
import type { MainI18n } from './main-i18n'

/** What following the UI language needs of the desktop settings (DesktopService). */
export type UiLanguageSource = Pick<DesktopService, 'get' | 'subscribe' | 'uiLanguage'>

/**
 * Main speaks the UI language: the one saved settings resolve to (a choice, or the OS's
 * with 'system') from the start, and each new one as soon as Settings saves it. `changed`
 * runs once the new language's messages are loaded and active (the tray rebuilds in it);
 * a catalogue that fails to load is logged and the previous language kept. Returns
 * unsubscribe.
 */
export async function followUiLanguage(
  i18n: MainI18n,
  desktop: UiLanguageSource,
  changed: () => void,
  log: (message: string) => void = console.info,
): Promise<() => void> {
  const switchTo = (language: ReturnType<UiLanguageSource['uiLanguage']>): Promise<boolean> =>
    i18n.use(language).catch((error: unknown) => {
      log(
        `i18n: ${language} not loaded (${error instanceof Error ? error.message : String(error)})`,
      )
      return false
    })
  // The language last asked for (a switch may still be loading): saves that keep it do nothing.
  let wanted = (await desktop.get()).uiLanguage
  await switchTo(wanted)
  return desktop.subscribe((after) => {
    const language = desktop.uiLanguage(after)
    if (language === wanted) return
    wanted = language
    void switchTo(language).then((active) => {
      if (active) changed()
    })
  })
}
