import { denyPermissionCheck, denyPermissionRequest } from '../shell/permissions'

type Headers = Record<string, string | string[]>

/** The parts of Electron's Session this wires; a recording fake fits it too. */
export type SessionLike = {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Headers },
        callback: (response: { responseHeaders: Headers }) => void,
      ) => void,
    ): void
  }
  setPermissionRequestHandler(handler: typeof denyPermissionRequest): void
  setPermissionCheckHandler(handler: typeof denyPermissionCheck): void
}

/**
 * Session-wide rules: every response carries the app's CSP (the built HTML has it as a
 * `<meta>` too; the header also covers the dev server), and every permission is refused.
 */
export function applySessionPolicy(session: SessionLike, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Headers = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // A page must not bring its own, weaker policy alongside ours.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [csp]
    callback({ responseHeaders: headers })
  })
  session.setPermissionRequestHandler(denyPermissionRequest)
  session.setPermissionCheckHandler(denyPermissionCheck)
}
