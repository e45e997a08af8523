import { createWindowOpenHandler, isAllowedNavigation } from '../shell/navigation'

type PreventableEvent = { preventDefault(): void; url?: string }

/** The parts of Electron's WebContents this wires. */
export type WebContentsLike = {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: PreventableEvent, url?: string) => void,
  ): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

export type NavigationRules = {
  /** The app page; the only place a window may navigate to. */
  rendererUrl: string
  /** The safe-shell choke point; links the handler forwards go there. */
  openExternal(url: string): void
  allowlistedOrigins(): readonly string[]
}

/**
 * Applied to every webContents the app ever creates (app 'web-contents-created'), so no
 * window, however it came to be, can leave the app's page, open windows or embed webviews.
 */
export function hardenWebContents(contents: WebContentsLike, rules: NavigationRules): void {
  const blockForeign = (event: PreventableEvent, url?: string): void => {
    const target = event.url ?? url ?? ''
    if (!isAllowedNavigation(target, rules.rendererUrl)) event.preventDefault()
  }
  contents.on('will-navigate', blockForeign)
  contents.on('will-redirect', blockForeign)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(
    createWindowOpenHandler(rules.openExternal, rules.allowlistedOrigins),
  )
}
