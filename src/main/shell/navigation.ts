import { isAppOriginUrl } from './app-protocol-path'
import { isSafeExternalUrl } from './safe-shell'

/**
 * Whether `url` is the app's own page. In production that is any page of the app://renderer
 * origin (app-protocol-path.ts reads it from the URL text, so `app://renderer@evil/` or a
 * port is not it); in development, a page of the dev server's http(s) origin. A file:// URL
 * never is: the renderer is never loaded from file://. Query and fragment are free either
 * way (hash routing).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  if (isAppOriginUrl(appUrl)) return isAppOriginUrl(url)
  const candidate = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!candidate || !app) return false
  if (candidate.username !== '' || candidate.password !== '') return false
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false
  return candidate.origin === app.origin
}

/** will-navigate / will-redirect: the window only ever shows the app itself. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl)
}

export type WindowOpenDecision = { action: 'deny' }

/**
 * setWindowOpenHandler: the app never opens a second browser window. A link to an https
 * page that passes the safe-shell rules goes to the user's browser instead.
 */
export function createWindowOpenHandler(
  openExternal: (url: string) => void,
  allowlistedOrigins: () => readonly string[],
): (details: { url: string }) => WindowOpenDecision {
  return ({ url }) => {
    const parsed = parseUrl(url)
    if (parsed?.protocol === 'https:' && isSafeExternalUrl(url, allowlistedOrigins())) {
      openExternal(parsed.href)
    }
    return { action: 'deny' }
  }
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}
