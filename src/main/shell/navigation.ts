import { isSafeExternalUrl } from './safe-shell'

/**
 * Whether `url` is the app's own page. A file:// page has an opaque origin, so it must be
 * the very same file; an http(s) renderer (the dev server) must share its origin.
 * Query and fragment are free either way (hash routing).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const candidate = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!candidate || !app) return false
  if (candidate.username !== '' || candidate.password !== '') return false
  if (app.protocol === 'file:') {
    return (
      candidate.protocol === 'file:' &&
      candidate.host === app.host &&
      candidate.pathname === app.pathname
    )
  }
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
